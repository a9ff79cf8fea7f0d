package io.tork.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RestartingLoopTest {
  private final Health health = new Health();

  @Test
  void aFailingBodyIsDownWithItsReasonThenRunsAgainAndComesUp() {
    AtomicInteger runs = new AtomicInteger();
    try (RestartingLoop loop =
        RestartingLoop.start(
            "views",
            health,
            stopping -> {
              if (runs.incrementAndGet() < 3) {
                throw new IllegalStateException("boom " + runs.get());
              }
              health.up("views");
              while (!stopping.getAsBoolean()) {
                Thread.onSpinWait();
              }
            },
            Duration.ofMillis(10),
            Duration.ofMillis(50))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 3 && health.isUp());
      assertThat(loop.isAlive()).isTrue();
    }
    assertThat(health.components()).as("a closed loop no longer counts").isEmpty();
  }

  @Test
  void whileItFailsTheProcessIsNotUpAndSaysWhy() {
    try (RestartingLoop loop =
        RestartingLoop.start(
            "dispatcher",
            health,
            stopping -> {
              throw new IllegalStateException("broker gone");
            },
            Duration.ofMillis(10),
            Duration.ofMillis(20))) {
      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  health
                      .problems()
                      .contains("dispatcher is DOWN: IllegalStateException: broker gone"));
      assertThat(health.isUp()).isFalse();
      assertThat(loop.isAlive()).isTrue();
    }
  }

  @Test
  void aBodyThatReturnsEndsTheLoop() {
    RestartingLoop loop = RestartingLoop.start("once", health, stopping -> {});
    await().atMost(Duration.ofSeconds(5)).until(() -> !loop.isAlive());
    loop.close();
  }
}
