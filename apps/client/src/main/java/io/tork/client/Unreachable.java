package io.tork.client;

/** The server could not be reached (refused, unknown host, timed out): exit code 3. */
final class Unreachable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  Unreachable(String server, Exception cause) {
    super("cannot reach " + server + ": " + describe(cause), cause);
  }

  private static String describe(Exception e) {
    Throwable cause = e;
    while ((cause.getMessage() == null || cause.getMessage().isBlank())
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof java.net.ConnectException) {
      return "connection refused";
    }
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }
}
