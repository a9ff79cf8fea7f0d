package io.tork.model;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * {@code retry: {limit: N}}: a failed task runs up to N more times, at once. With {@code
 * initialDelay}, {@code scalingFactor} or {@code maxDelay} (Tork's README syntax) it backs off:
 * retry n (attempt n + 1) starts {@code initialDelay * scalingFactor^(n-1)}, at most {@code
 * maxDelay}, after attempt n failed. Unset parts read as {@link #DEFAULT_INITIAL_DELAY}, {@link
 * #DEFAULT_SCALING_FACTOR} and {@link #MAX_DELAY}.
 *
 * @param initialDelay a duration ({@code 5s}), "" when unset
 * @param scalingFactor null when unset
 * @param maxDelay a duration, "" when unset
 */
public record RetrySpec(
    int limit, String initialDelay, @Nullable Double scalingFactor, String maxDelay) {
  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofSeconds(1);
  public static final double DEFAULT_SCALING_FACTOR = 2;

  /** The longest {@code initialDelay} (Tork's README). */
  public static final Duration MAX_INITIAL_DELAY = Duration.ofMinutes(5);

  /** The largest {@code scalingFactor} (Tork's README). */
  public static final double MAX_SCALING_FACTOR = 10;

  /** The longest {@code maxDelay}, and the cap on every delay when it is unset. */
  public static final Duration MAX_DELAY = Duration.ofHours(24);

  public RetrySpec {
    initialDelay = Strings.orEmpty(initialDelay);
    maxDelay = Strings.orEmpty(maxDelay);
  }

  /** Immediate retries. */
  public RetrySpec(int limit) {
    this(limit, "", null, "");
  }

  /** Whether a retry waits: any of the backoff's fields is set. */
  public boolean backsOff() {
    return !initialDelay.isEmpty() || scalingFactor != null || !maxDelay.isEmpty();
  }

  /**
   * How long retry {@code n} (1 for the first) waits after the attempt before it failed: zero
   * without a backoff. Never overflows: a delay past the cap is the cap.
   */
  public Duration delayBefore(int n) {
    if (!backsOff()) {
      return Duration.ZERO;
    }
    Duration initial = Durations.parse(initialDelay).orElse(DEFAULT_INITIAL_DELAY);
    double factor = scalingFactor == null ? DEFAULT_SCALING_FACTOR : scalingFactor;
    Duration cap = Durations.parse(maxDelay).orElse(MAX_DELAY);
    double millis = initial.toMillis() * Math.pow(factor, Math.max(0, n - 1));
    if (!(millis < cap.toMillis())) {
      return cap;
    }
    return Duration.ofMillis(Math.round(millis));
  }
}
