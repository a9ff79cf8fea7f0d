package io.tork.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tork.kafka.Health;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

class WorkerHeartbeatsTest {
  private static final Duration INTERVAL = Duration.ofMillis(50);

  /** Beats every interval, like the real publisher; the first one's timer dies after 3 beats. */
  private static final class FakePublisher implements WorkerHeartbeats.Beats {
    private final IntSupplier beat;
    private final int dieAfter;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    volatile int beats;
    volatile boolean closed;

    FakePublisher(IntSupplier beat, int dieAfter) {
      this.beat = beat;
      this.dieAfter = dieAfter;
    }

    @Override
    public void start() {
      timer.scheduleAtFixedRate(
          () -> {
            if (beats == dieAfter) {
              throw new StackOverflowError("the timer's task dies: no beat ever again");
            }
            beats++;
            beat.getAsInt();
          },
          0,
          INTERVAL.toMillis(),
          TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
      closed = true;
      timer.shutdownNow();
    }
  }

  @Test
  void heartbeatsThatStopAreDownThenStartOverWithAFreshPublisher() {
    Health health = new Health();
    List<FakePublisher> made = new CopyOnWriteArrayList<>();
    try (WorkerHeartbeats heartbeats =
        new WorkerHeartbeats(
            INTERVAL,
            beat -> {
              FakePublisher publisher = new FakePublisher(beat, made.isEmpty() ? 3 : -1);
              made.add(publisher);
              return publisher;
            },
            () -> 2,
            health)) {
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(10))
          .until(
              () ->
                  health.problems().stream()
                      .anyMatch(
                          p ->
                              p.startsWith("worker-heartbeats is DOWN: ")
                                  && p.contains("no heartbeat sent for")));
      await().atMost(Duration.ofSeconds(5)).until(() -> made.size() == 2 && health.isUp());
      assertThat(made.getFirst().closed).isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> made.get(1).beats > 5);
      assertThat(health.isUp()).isTrue();
    }
    assertThat(made.get(1).closed).isTrue();
    assertThat(health.components()).isEmpty();
  }
}
