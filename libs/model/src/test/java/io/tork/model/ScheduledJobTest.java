package io.tork.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.ScheduledJob.ScheduledJobState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduledJobTest {
  private static final Instant CREATED = Instant.parse("2026-03-01T10:00:00Z");

  private static ScheduledJob scheduled(String cron, String zone, ScheduledJobState state) {
    TaskSpec task = TaskSpec.builder().name("t").image("alpine").run("true").build();
    ScheduledJobSpec spec = io.tork.model.codec.DocumentFixtures.scheduled(cron, zone, task);
    return new ScheduledJob("s1", spec, state, CREATED, CREATED, "bob");
  }

  @Test
  void theNextRunIsTheFirstTickAfterNowInTheSchedulesZone() {
    // 09:00 in Paris (UTC+1 in March before the change) is 08:00 UTC: the next is the day after.
    ScheduledJob daily = scheduled("0 9 * * *", "Europe/Paris", ScheduledJobState.ACTIVE);
    assertThat(daily.nextRunAt(CREATED)).contains(Instant.parse("2026-03-02T08:00:00Z"));
    ScheduledJob utc = scheduled("0 9 * * *", "", ScheduledJobState.ACTIVE);
    assertThat(utc.nextRunAt(CREATED)).contains(Instant.parse("2026-03-02T09:00:00Z"));
  }

  @Test
  void theNextRunMovesOnOnceATickHasRun() {
    ScheduledJob minutely = scheduled("* * * * *", "", ScheduledJobState.ACTIVE);
    Instant first = Instant.parse("2026-03-01T10:01:00Z");
    assertThat(minutely.nextRunAt(CREATED.plusSeconds(5))).contains(first);
    ScheduledJob ran = minutely.with(ScheduledJobState.ACTIVE, first);
    assertThat(ran.nextRunAt(first)).contains(first.plusSeconds(60));
    // A tick due but not started yet is starting now: the next run is the one after now.
    assertThat(minutely.nextRunAt(first.plusSeconds(1))).contains(first.plusSeconds(60));
  }

  @Test
  void aPausedScheduleHasNoNextRun() {
    ScheduledJob paused = scheduled("* * * * *", "", ScheduledJobState.PAUSED);
    assertThat(paused.nextRunAt(CREATED)).isEmpty();
  }
}
