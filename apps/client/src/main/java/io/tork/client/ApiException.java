package io.tork.client;

/** The API answered with an error status; {@code message} is its {@code {"message": ...}}. */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  ApiException(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }
}
