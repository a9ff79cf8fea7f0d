package io.tork.scheduler.kafka;

import io.tork.kafka.Health;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What the scheduler's stream threads tell the process's {@link Health}: STARTING until Kafka
 * Streams first runs, DOWN once it has stopped or failed for good, DOWN while its threads fail
 * again and again ({@value #REPEATED} times in {@link #WINDOW}: each failure replaces the thread,
 * and a thread that keeps failing is doing nothing), else UP (a rebalance included).
 */
final class SchedulerHealth implements KafkaStreams.StateListener {
  static final Duration WINDOW = Duration.ofMinutes(5);
  static final int REPEATED = 3;

  private final Supplier<KafkaStreams.State> streams;
  private final Incidents incidents;
  private final Clock clock;
  private volatile boolean hasRun;
  private Health.State last;
  private String lastDetail = "";
  private Instant since;

  /**
   * @param streams Kafka Streams' state, read when asked
   */
  SchedulerHealth(Supplier<KafkaStreams.State> streams, Incidents incidents, Clock clock) {
    this.streams = streams;
    this.incidents = incidents;
    this.clock = clock;
    this.since = clock.instant();
  }

  @Override
  public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
    if (newState == KafkaStreams.State.RUNNING) {
      hasRun = true;
    }
  }

  synchronized Health.Component component() {
    KafkaStreams.State state = streams.get();
    int failures = incidents.threadFailures(WINDOW);
    Health.State now;
    String detail = "";
    if (!state.isRunningOrRebalancing() && state != KafkaStreams.State.CREATED) {
      now = Health.State.DOWN;
      detail =
          "Kafka Streams is "
              + state
              + (incidents.lastFailure().isEmpty()
                  ? ""
                  : "; last failure: " + incidents.lastFailure());
    } else if (failures >= REPEATED) {
      now = Health.State.DOWN;
      detail =
          "stream threads failed "
              + failures
              + " times in the last "
              + WINDOW.toMinutes()
              + " minutes; last: "
              + incidents.lastFailure();
    } else if (!hasRun) {
      now = Health.State.STARTING;
    } else {
      now = Health.State.UP;
    }
    if (now != last || !detail.equals(lastDetail)) {
      last = now;
      lastDetail = detail;
      since = clock.instant();
    }
    return new Health.Component(SchedulerApp.HEALTH, now, detail, since);
  }
}
