package io.tork.model.secrets;

/** A value that looks sealed but cannot be opened: altered, malformed, or of another key. */
public class SealedValueException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public SealedValueException(String message) {
    super(message);
  }
}
