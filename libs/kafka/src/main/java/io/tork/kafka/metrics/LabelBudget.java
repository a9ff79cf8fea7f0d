package io.tork.kafka.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Label values that come from what users write (queue names): each new value is a new time series
 * in every scrape, so a meter takes at most {@code max} distinct ones, and counts the rest under
 * {@value #OTHER}. Thread-safe.
 */
public final class LabelBudget {
  public static final String OTHER = "_other";

  /** Distinct queue names a meter labels by, at most. */
  public static final int QUEUES = 200;

  private final int max;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  public LabelBudget(int max) {
    this.max = max;
  }

  /** {@code value} itself while the budget lasts or when already used, else {@value #OTHER}. */
  public String of(String value) {
    if (seen.contains(value)) {
      return value;
    }
    synchronized (seen) {
      if (seen.size() < max) {
        seen.add(value);
        return value;
      }
    }
    return OTHER;
  }
}
