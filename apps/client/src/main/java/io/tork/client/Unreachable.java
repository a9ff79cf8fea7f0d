package io.tork.client;

/** The server could not be reached (refused, unknown host, timed out): exit code 3. */
final class Unreachable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  Unreachable(String server, Exception cause) {
    super("cannot reach " + server + ": " + describe(cause), cause);
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
