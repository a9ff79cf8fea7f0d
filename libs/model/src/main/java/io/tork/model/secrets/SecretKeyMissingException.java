package io.tork.model.secrets;

/** A sealed value names a key this process was not given (rotated out too early, or another's). */
public final class SecretKeyMissingException extends SealedValueException {
  private static final long serialVersionUID = 1L;

  public SecretKeyMissingException(String message) {
    super(message);
  }
}
