package io.tork.client;

/** The server could not be reached (refused, unknown host, timed out): exit code 3. */
final class Unreachable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  Unreachable(String server, Exception cause) {
    super("cannot reach " + server + ": " + describe(cause), cause);
  }

  private static String describe(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.SocketTimeoutException) {
        return "timed out";
      }
      if (t instanceof java.net.ConnectException) {
        return "connection refused";
      }
      if (t instanceof java.nio.channels.UnresolvedAddressException
          || t instanceof java.net.UnknownHostException) {
        return "unknown host";
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    return e.getClass().getSimpleName();
  }
}
