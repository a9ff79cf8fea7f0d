package io.tork.worker.docker;

/** The engine refused to create a container because it does not have the image. */
final class NoSuchImageException extends RuntimeException {
  NoSuchImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
