package io.tork.client;

/** What the client's exit code says. */
final class ExitCodes {
  /** The job COMPLETED; any other command: done. */
  static final int OK = 0;

  /** The job FAILED; any other command: the API answered an error (its message on stderr). */
  static final int FAILED = 1;

  /** The job was CANCELLED. */
  static final int CANCELLED = 2;

  /** A usage error, a document the API refused, or a server that cannot be reached. */
  static final int USAGE = 3;

  /** Ctrl-C stopped following (the job goes on), as shells report SIGINT. */
  static final int INTERRUPTED = 130;

  private ExitCodes() {}

  static int of(String jobState) {
    return switch (jobState) {
      case "COMPLETED" -> OK;
      case "CANCELLED" -> CANCELLED;
      default -> FAILED;
    };
  }
}
