package io.tork.model;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a webhook header may be, written once for the two places that check it: the job document at
 * submission ({@code JobValidator}: the header's template as written) and the dispatcher at call
 * time (the value as rendered). A line break in a value would end the header and start another
 * (header injection), so control characters are refused rather than sent or cut; the headers that
 * frame the request or the connection are the engine's to set.
 */
public final class WebhookHeaders {
  private WebhookHeaders() {}

  /** Set by the engine (framing, routing, the connection): a job cannot set them. */
  static final Set<String> ENGINE_HEADERS =
      Set.of(
          "connection",
          "content-length",
          "expect",
          "host",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade");

  /** RFC 9110's token: the characters a header name is made of. */
  private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

  private static final int MAX_NAME_LENGTH = 256;

  /** Why {@code name: value} cannot be sent as a header; empty when it can. */
  public static Optional<String> problem(String name, String value) {
    return nameProblem(name).or(() -> valueProblem(value));
  }

  /** Why {@code name} is not a header a job may set; empty when it is. */
  public static Optional<String> nameProblem(String name) {
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      return Optional.of("is not a header name (1 to " + MAX_NAME_LENGTH + " characters)");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean token =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || TOKEN_SYMBOLS.indexOf(c) >= 0;
      if (!token) {
        return Optional.of(
            "is not a header name: "
                + describe(c)
                + " at index "
                + i
                + " (letters, digits and "
                + TOKEN_SYMBOLS
                + " only)");
      }
    }
    if (ENGINE_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
      return Optional.of("is set by the engine, not by a job");
    }
    return Optional.empty();
  }

  /**
   * Why {@code value} cannot be a header's value: it holds a control character (CR, LF, NUL, any
   * other C0 or C1 control, DEL; a tab is fine). Never quotes the value (it may hold a secret).
   */
  public static Optional<String> valueProblem(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\t' && Character.getType(c) == Character.CONTROL) {
        return Optional.of(
            "must not contain a line break or other control character ("
                + describe(c)
                + " at index "
                + i
                + ")");
      }
    }
    return Optional.empty();
  }

  /**
   * {@code name} as it can be shown in an error or a log line: control characters escaped ({@code
   * \\r}, {@code \\n}, {@code \\u0000}), cut at 100 characters.
   */
  public static String printable(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      if (i == 100) {
        return out.append("...").toString();
      }
      char c = name.charAt(i);
      switch (c) {
        case '\r' -> out.append("\\r");
        case '\n' -> out.append("\\n");
        default ->
            out.append(
                Character.getType(c) == Character.CONTROL
                    ? String.format("\\u%04x", (int) c)
                    : String.valueOf(c));
      }
    }
    return out.toString();
  }

  private static String describe(char c) {
    return switch (c) {
      case '\r' -> "CR";
      case '\n' -> "LF";
      case '\0' -> "NUL";
      case ' ' -> "a space";
      default ->
          Character.getType(c) == Character.CONTROL || Character.isWhitespace(c)
              ? String.format("U+%04X", (int) c)
              : "'" + c + "'";
    };
  }
}
