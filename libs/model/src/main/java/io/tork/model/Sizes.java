package io.tork.model;

import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Sizes of what the engine keeps and writes, counted the way limits count them (UTF-8 bytes), in
 * one pass and without copying: a size is checked before a large value is built or stored.
 */
public final class Sizes {
  private Sizes() {}

  /** The length of {@code text} in UTF-8, without encoding it. */
  public static long utf8(CharSequence text) {
    long bytes = 0;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < n) {
        bytes += 4; // a surrogate pair is one 4-byte code point
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /**
   * How many bytes {@code value} takes as JSON (plain values: strings, numbers, booleans, lists,
   * maps, null), counting an escaped character as its escape; exact for what expressions produce.
   */
  public static long json(@Nullable Object value) {
    return switch (value) {
      case null -> 4;
      case CharSequence s -> jsonString(s);
      case Collection<?> c -> {
        long bytes = 2 + Math.max(0, c.size() - 1);
        for (Object item : c) {
          bytes += json(item);
        }
        yield bytes;
      }
      case Map<?, ?> m -> {
        long bytes = 2 + Math.max(0, m.size() - 1);
        for (Map.Entry<?, ?> e : m.entrySet()) {
          bytes += jsonString(String.valueOf(e.getKey())) + 1 + json(e.getValue());
        }
        yield bytes;
      }
      case Object[] array -> json(java.util.Arrays.asList(array));
      default -> utf8(String.valueOf(value));
    };
  }

  private static long jsonString(CharSequence s) {
    long bytes = 2 + utf8(s);
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        bytes++;
      } else if (c < 0x20) {
        bytes += 5; // \\u00XX (a few have two-character escapes: counted high, never low)
      }
    }
    return bytes;
  }

  /**
   * {@code text} if it fits in {@code maxBytes}, else its end (where a failing task's error says
   * why), after a line saying how much was dropped; the result fits in {@code maxBytes}.
   */
  public static String keepTail(String text, long maxBytes) {
    long size = utf8(text);
    if (size <= maxBytes) {
      return text;
    }
    String marker = "[truncated: " + size + " bytes, the end kept]\n";
    long room = Math.max(0, maxBytes - utf8(marker));
    int start = text.length();
    long kept = 0;
    while (start > 0) {
      char c = text.charAt(start - 1);
      long width = c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isLowSurrogate(c) ? 4 : 3;
      if (kept + width > room) {
        break;
      }
      kept += width;
      start -= Character.isLowSurrogate(c) && start > 1 ? 2 : 1;
    }
    return marker.substring(0, (int) Math.min(marker.length(), maxBytes)) + text.substring(start);
  }
}
