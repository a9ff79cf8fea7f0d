package io.tork.model.expr;

import io.tork.model.Limits;

/**
 * How large what an expression makes may grow: a rendered template or a function's result (at most
 * {@code maxBytes}, the limit named {@code limitName} in {@link Limits#FLAGS}), and a {@code
 * sequence()} (at most {@code maxSequence} items). Checked while the value is built, so that a
 * hostile template fails at the limit instead of filling the heap first.
 */
public record Bounds(long maxBytes, String limitName, int maxSequence) {
  public static final Bounds DEFAULT = of(Limits.DEFAULTS);

  /** A task's templates and webhook headers: {@link Limits#maxValueBytes} each. */
  public static Bounds of(Limits limits) {
    return new Bounds(limits.maxValueBytes(), "maxValueBytes", limits.maxSequence());
  }

  /** A job's {@code output}: up to {@link Limits#maxJobResultBytes}. */
  public static Bounds jobResult(Limits limits) {
    return new Bounds(limits.maxJobResultBytes(), "maxJobResultBytes", limits.maxSequence());
  }

  /** The error for a value of {@code amount} (e.g. "400000 bytes") made by {@code what}. */
  ExpressionException tooLarge(String what, String amount) {
    return new ExpressionException(
        Limits.exceeded(what, amount, String.valueOf(maxBytes), limitName));
  }
}
