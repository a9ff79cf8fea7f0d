package io.tork.model.expr;

/** An expression that does not parse or cannot be evaluated; the message quotes it. */
public final class ExpressionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ExpressionException(String message, Throwable cause) {
    super(message, cause);
  }

  public ExpressionException(String message) {
    super(message);
  }
}
