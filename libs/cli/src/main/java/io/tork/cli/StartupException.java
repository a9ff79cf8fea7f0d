package io.tork.cli;

/**
 * A process cannot start, for a reason the user can act on (a port in use, a missing directory):
 * printed as one line, with no stack trace, and the process exits non-zero.
 */
public final class StartupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StartupException(String message) {
    super(message);
  }
}
