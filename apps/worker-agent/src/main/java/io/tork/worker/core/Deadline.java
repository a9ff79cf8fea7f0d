package io.tork.worker.core;

import java.time.Duration;

/**
 * A point in {@link System#nanoTime()} time by which something must have ended, or none. Compared
 * by subtraction, as {@code nanoTime} values may wrap.
 */
public record Deadline(boolean bounded, long atNanos) {
  public static final Deadline NONE = new Deadline(false, 0);

  /** {@code budget} from now; zero (or negative) means no deadline, as for a task timeout. */
  public static Deadline after(Duration budget) {
    if (budget.isZero() || budget.isNegative()) {
      return NONE;
    }
    try {
      return new Deadline(true, System.nanoTime() + budget.toNanos());
    } catch (ArithmeticException beyondThreeCenturies) {
      return NONE;
    }
  }

  public Deadline earliest(Deadline other) {
    if (!bounded) {
      return other;
    }
    if (!other.bounded) {
      return this;
    }
    return atNanos - other.atNanos <= 0 ? this : other;
  }

  public boolean expired() {
    return bounded && System.nanoTime() - atNanos >= 0;
  }

  /** The time left, but at most {@code max}: how long one slice of a wait may block. */
  public Duration remaining(Duration max) {
    if (!bounded) {
      return max;
    }
    long left = Math.max(0, atNanos - System.nanoTime());
    return left < max.toNanos() ? Duration.ofNanos(left) : max;
  }
}
