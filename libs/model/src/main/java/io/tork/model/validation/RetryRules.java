package io.tork.model.validation;

import io.tork.model.Durations;
import io.tork.model.RetrySpec;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A task's (or the defaults') {@code retry}: its limit, and the backoff's delays and factor. */
final class RetryRules {
  private static final int MAX_RETRY_LIMIT = 10;

  private RetryRules() {}

  static void retry(String path, @Nullable RetrySpec retry, List<String> problems) {
    if (retry == null) {
      return;
    }
    if (retry.limit() < 1 || retry.limit() > MAX_RETRY_LIMIT) {
      problems.add(path + ".limit: must be between 1 and " + MAX_RETRY_LIMIT);
    }
    delay(path + ".initialDelay", retry.initialDelay(), RetrySpec.MAX_INITIAL_DELAY, problems);
    delay(path + ".maxDelay", retry.maxDelay(), RetrySpec.MAX_DELAY, problems);
    Double factor = retry.scalingFactor();
    if (factor != null && !(factor >= 1 && factor <= RetrySpec.MAX_SCALING_FACTOR)) {
      problems.add(
          path + ".scalingFactor: must be between 1 and " + (int) RetrySpec.MAX_SCALING_FACTOR);
    }
  }

  /**
   * A retry's delay, when given: a duration above zero and at most {@code max} (a limit of its own,
   * not one of {@link io.tork.model.Limits}: it bounds one wait, not the engine).
   */
  private static void delay(String path, String value, Duration max, List<String> problems) {
    if (value.isEmpty()) {
      return;
    }
    Duration delay = Durations.parse(value).orElse(null);
    if (delay == null) {
      problems.add(path + ": '" + value + "' is not a duration (e.g. 300ms, 5s, 1m)");
    } else if (delay.isZero()) {
      problems.add(path + ": must be longer than 0s");
    } else if (delay.compareTo(max) > 0) {
      problems.add(path + ": '" + value + "' is longer than " + Durations.format(max));
    }
  }
}
