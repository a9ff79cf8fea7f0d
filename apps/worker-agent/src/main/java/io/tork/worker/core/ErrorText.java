package io.tork.worker.core;

import io.tork.model.codec.Redaction;

/**
 * Shortening text a user sees (an error, a line of its tail) to a number of UTF-8 bytes: the head
 * is kept, cut at a character boundary and never inside a secret, and a marker says how much went.
 */
public final class ErrorText {
  private static final int MARKER_BYTES = 40;

  private ErrorText() {}

  /**
   * {@code text}, redacted, and cut so that it fits in {@code maxBytes} (marker included) when it
   * is longer: {@code "...head [truncated: N bytes]"}.
   */
  public static String cap(String text, long maxBytes, Redaction redaction) {
    return cap(text, 0, maxBytes, redaction);
  }

  /**
   * The same for text known to go on for {@code beyond} bytes that are not in it (a line too long
   * to keep whole): it is cut, and the marker counts them.
   */
  static String cap(String text, long beyond, long maxBytes, Redaction redaction) {
    String redacted = redaction.text(text);
    long size = utf8Length(redacted) + beyond;
    if (size <= maxBytes && beyond == 0) {
      return redacted;
    }
    boolean marked = maxBytes >= 2L * MARKER_BYTES;
    String head = head(redacted, marked ? maxBytes - MARKER_BYTES : maxBytes);
    head = head.substring(0, head.length() - redaction.partialSecretAtEnd(head));
    return marked ? head + " [truncated: " + (size - utf8Length(head)) + " bytes]" : head;
  }

  /** The longest start of {@code text} of at most {@code maxBytes}, whole characters only. */
  static String head(String text, long maxBytes) {
    long bytes = 0;
    int i = 0;
    while (i < text.length()) {
      int c = text.codePointAt(i);
      bytes += utf8Length(c);
      if (bytes > maxBytes) {
        break;
      }
      i += Character.charCount(c);
    }
    return text.substring(0, i);
  }

  /** The size of {@code text} in UTF-8 (a lone surrogate counts as the 3 bytes of U+FFFD). */
  public static long utf8Length(CharSequence text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private static int utf8Length(int codePoint) {
    return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }
}
