package io.tork.worker.kafka;

import io.tork.kafka.Health;
import io.tork.kafka.HeartbeatPublisher;
import io.tork.kafka.RestartingLoop;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * This node's heartbeats, which must not stop while it lives: the scheduler takes a node whose
 * heartbeats stop for dead and runs its tasks again elsewhere. A {@link HeartbeatPublisher} sends
 * them; this watches it beat (each beat asks how many tasks run) and, when no beat was sent for
 * {@value #MISSED_BEATS} intervals (its timer died, a send hangs), reports DOWN and starts a fresh
 * publisher, with the {@link RestartingLoop}'s backoff.
 */
final class WorkerHeartbeats implements AutoCloseable {
  static final String NAME = "worker-heartbeats";
  static final int MISSED_BEATS = 3;

  /** Something that beats: calls the supplier it was made with at every beat, from start on. */
  interface Beats extends AutoCloseable {
    void start();

    @Override
    void close();
  }

  private final Duration interval;
  private final Function<IntSupplier, Beats> publishers;
  private final IntSupplier running;
  private final Health health;
  private final RestartingLoop loop;
  private volatile long lastBeat;

  /**
   * Starts beating, on a thread of its own.
   *
   * @param running how many tasks this node runs now
   */
  WorkerHeartbeats(WorkerSettings settings, IntSupplier running, Health health) {
    this(settings.heartbeatInterval(), beat -> publisher(settings, beat), running, health);
  }

  /**
   * @param publishers makes a publisher that calls the given supplier at each beat
   */
  WorkerHeartbeats(
      Duration interval,
      Function<IntSupplier, Beats> publishers,
      IntSupplier running,
      Health health) {
    this.interval = interval;
    this.publishers = publishers;
    this.running = running;
    this.health = health;
    this.loop = RestartingLoop.start(NAME, health, this::beatUntilStopped);
  }

  private static Beats publisher(WorkerSettings settings, IntSupplier beat) {
    HeartbeatPublisher publisher =
        new HeartbeatPublisher(
            settings.kafka().producer(HeartbeatPublisher.PRODUCER_CONFIG),
            settings.topics(),
            settings.nodeId(),
            "worker",
            settings.queues(),
            beat,
            settings.heartbeatInterval(),
            Clock.systemUTC());
    return new Beats() {
      @Override
      public void start() {
        publisher.start();
      }

      @Override
      public void close() {
        publisher.close();
      }
    };
  }

  private void beatUntilStopped(BooleanSupplier stopping) throws InterruptedException {
    lastBeat = System.nanoTime();
    try (Beats publisher = publishers.apply(this::beat)) {
      publisher.start();
      health.up(NAME);
      while (!stopping.getAsBoolean()) {
        Thread.sleep(interval);
        long silent = System.nanoTime() - lastBeat;
        if (silent > interval.multipliedBy(MISSED_BEATS).toNanos()) {
          throw new IllegalStateException(
              "no heartbeat sent for " + Duration.ofNanos(silent).toMillis() + " ms");
        }
      }
    }
  }

  /** Called by the publisher at each beat. */
  private int beat() {
    lastBeat = System.nanoTime();
    return running.getAsInt();
  }

  @Override
  public void close() {
    loop.close();
  }
}
