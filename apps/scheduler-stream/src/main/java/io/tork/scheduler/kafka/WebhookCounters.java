package io.tork.scheduler.kafka;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the webhook dispatcher did since the process started: calls delivered, given up after their
 * attempts, and refused (their target or a header not allowed: no connection made). Plain counters,
 * cheap to bump from every lane, for a metrics endpoint to read. Thread-safe.
 */
public final class WebhookCounters {
  private final LongAdder delivered = new LongAdder();
  private final LongAdder givenUp = new LongAdder();
  private final LongAdder refused = new LongAdder();

  /** Calls answered 2xx. */
  public long delivered() {
    return delivered.sum();
  }

  /** Calls that failed every attempt, or were answered with a status that is not retried. */
  public long givenUp() {
    return givenUp.sum();
  }

  /** Calls not made: their target is not allowed, or a header cannot be sent. */
  public long refused() {
    return refused.sum();
  }

  void deliveredOne() {
    delivered.increment();
  }

  void gaveUpOne() {
    givenUp.increment();
  }

  void refusedOne() {
    refused.increment();
  }
}
