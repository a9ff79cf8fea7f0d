package io.tork.scheduler.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What went wrong in this scheduler process beyond one decision, shared by its stream threads
 * (which are replaced when they fail, and then see the same input again):
 *
 * <ul>
 *   <li>input records ({@code topic/partition/offset}) whose processing failed while it was being
 *       written or sent (a store, a record the broker refused): when one comes again, its job is
 *       failed with the reason instead of being decided again, and a second time it is skipped;
 *   <li>stream thread failures, for health: a thread replaced again and again is DOWN.
 * </ul>
 *
 * Thread-safe. Bounded: it remembers the last 1,000 records and the last 100 failures.
 */
public final class Incidents {
  private static final int MAX_RECORDS = 1000;
  private static final int MAX_FAILURES = 100;

  /** A record that failed, why, and how many times it has come back since. */
  record Poisoned(String reason, int attempts) {}

  private final Clock clock;
  private final Map<String, Poisoned> records =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Poisoned> eldest) {
          return size() > MAX_RECORDS;
        }
      };
  private final Deque<Instant> failures = new ArrayDeque<>();
  private String lastFailure = "";

  public Incidents() {
    this(Clock.systemUTC());
  }

  public Incidents(Clock clock) {
    this.clock = clock;
  }

  /** The record at {@code source} failed while written or sent, for {@code reason}. */
  synchronized void poison(String source, String reason) {
    if (!source.isEmpty()) {
      records.merge(source, new Poisoned(reason, 0), (old, now) -> old);
    }
  }

  /** The record at {@code source} if it failed before (counting this time it comes back). */
  synchronized Optional<Poisoned> poisoned(String source) {
    Poisoned known = records.get(source);
    if (known == null) {
      return Optional.empty();
    }
    Poisoned again = new Poisoned(known.reason(), known.attempts() + 1);
    records.put(source, again);
    return Optional.of(again);
  }

  /** The record at {@code source} was dealt with. */
  synchronized void forget(String source) {
    records.remove(source);
  }

  /** A stream thread failed with {@code error} (it is being replaced). */
  public synchronized void threadFailed(Throwable error) {
    failures.addLast(clock.instant());
    while (failures.size() > MAX_FAILURES) {
      failures.removeFirst();
    }
    lastFailure = error.getClass().getSimpleName() + ": " + error.getMessage();
  }

  /** How many stream thread failures there were in the last {@code window}. */
  public synchronized int threadFailures(Duration window) {
    Instant since = clock.instant().minus(window);
    return (int) failures.stream().filter(at -> at.isAfter(since)).count();
  }

  public synchronized String lastFailure() {
    return lastFailure;
  }
}
