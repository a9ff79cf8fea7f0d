package io.tork.scheduler.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.kafka.Health;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class SchedulerHealthTest {
  private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final Incidents incidents = new Incidents(clock);
  private final SchedulerHealth health = new SchedulerHealth(state::get, incidents, clock);

  private void become(State next) {
    State was = state.getAndSet(next);
    health.onChange(next, was);
  }

  @Test
  void startingUntilItRunsThenUpThroughRebalances() {
    assertThat(health.component().state()).isEqualTo(Health.State.STARTING);
    become(State.REBALANCING);
    assertThat(health.component().state()).isEqualTo(Health.State.STARTING);
    become(State.RUNNING);
    assertThat(health.component().state()).isEqualTo(Health.State.UP);
    become(State.REBALANCING);
    assertThat(health.component().state()).isEqualTo(Health.State.UP);
  }

  @Test
  void downWhileItsThreadsFailAgainAndAgainThenUpOnceThatIsOver() {
    become(State.RUNNING);
    incidents.threadFailed(new IllegalStateException("one"));
    incidents.threadFailed(new IllegalStateException("two"));
    assertThat(health.component().state()).as("replaced twice").isEqualTo(Health.State.UP);
    incidents.threadFailed(new IllegalStateException("three"));
    Health.Component down = health.component();
    assertThat(down.state()).isEqualTo(Health.State.DOWN);
    assertThat(down.detail())
        .isEqualTo(
            "stream threads failed 3 times in the last 5 minutes; last: IllegalStateException:"
                + " three");
    clock.advance(Duration.ofMinutes(6));
    assertThat(health.component().state()).isEqualTo(Health.State.UP);
  }

  @Test
  void downOnceKafkaStreamsHasStopped() {
    become(State.RUNNING);
    incidents.threadFailed(new IllegalStateException("global thread died"));
    become(State.ERROR);
    Health.Component down = health.component();
    assertThat(down.state()).isEqualTo(Health.State.DOWN);
    assertThat(down.detail()).startsWith("Kafka Streams is ERROR; last failure:");
    assertThat(down.name()).isEqualTo(SchedulerApp.HEALTH);
  }
}
