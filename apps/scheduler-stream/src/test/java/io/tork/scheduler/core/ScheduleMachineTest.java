package io.tork.scheduler.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.Permission;
import io.tork.model.ScheduleCommand;
import io.tork.model.ScheduleSpec;
import io.tork.model.ScheduledJob;
import io.tork.model.ScheduledJob.ScheduledJobState;
import io.tork.model.ScheduledJobSpec;
import io.tork.model.TaskSpec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleMachineTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static ScheduledJob every5Minutes() {
    ScheduledJobSpec spec =
        new ScheduledJobSpec(
            "s",
            null,
            null,
            null,
            null,
            List.of(TaskSpec.of("t", "i", "r")),
            null,
            null,
            null,
            null,
            new ScheduleSpec("*/5 * * * *", null),
            List.of(Permission.user("bob")));
    return ScheduleMachine.onCommand(null, new ScheduleCommand.Create("s1", spec, T0, "alice"))
        .after();
  }

  @Test
  void theJobsATickStartsAreTheSchedulesOwnersWithItsPermissions() {
    ScheduledJob s = every5Minutes();
    assertThat(s.createdBy()).isEqualTo("alice");
    var job = ScheduleMachine.due(s, T0.plusSeconds(301), false).getFirst().job();
    assertThat(job.createdBy()).isEqualTo("alice");
    assertThat(job.permissions()).containsExactly(Permission.user("bob"));
    // pausing and resuming keep the owner
    ScheduledJob paused = ScheduleMachine.onCommand(s, new ScheduleCommand.Pause("s1", T0)).after();
    assertThat(paused.createdBy()).isEqualTo("alice");
  }

  @Test
  void eachDueTickStartsOneJobWhileTheEngineRuns() {
    ScheduledJob s = every5Minutes();
    assertThat(ScheduleMachine.due(s, T0.plusSeconds(299), false)).isEmpty();
    var fires = ScheduleMachine.due(s, T0.plusSeconds(601), false);
    assertThat(fires)
        .extracting(f -> f.job().schedule().tick())
        .containsExactly(T0.plusSeconds(300), T0.plusSeconds(600));
    assertThat(fires.getLast().after().lastTick()).isEqualTo(T0.plusSeconds(600));
    // the same tick always makes the same job id
    assertThat(ScheduleMachine.due(s, T0.plusSeconds(601), false).getFirst().job().id())
        .isEqualTo(fires.getFirst().job().id());
  }

  @Test
  void ticksMissedWhileDownStartOneJobForTheLatest() {
    var fires = ScheduleMachine.due(every5Minutes(), T0.plusSeconds(3600 + 10), true);
    assertThat(fires)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.job().schedule().tick()).isEqualTo(T0.plusSeconds(3600));
              assertThat(f.after().lastTick()).isEqualTo(T0.plusSeconds(3600));
            });
  }

  @Test
  void aPausedScheduleStartsNothingAndResumingSkipsWhatPassed() {
    ScheduledJob s = every5Minutes();
    ScheduledJob paused =
        ScheduleMachine.onCommand(s, new ScheduleCommand.Pause("s1", T0.plusSeconds(1))).after();
    assertThat(paused.state()).isEqualTo(ScheduledJobState.PAUSED);
    assertThat(ScheduleMachine.due(paused, T0.plusSeconds(3600), false)).isEmpty();
    assertThat(ScheduleMachine.onCommand(paused, new ScheduleCommand.Pause("s1", T0)).isNone())
        .isTrue();
    ScheduledJob resumed =
        ScheduleMachine.onCommand(paused, new ScheduleCommand.Resume("s1", T0.plusSeconds(3601)))
            .after();
    assertThat(ScheduleMachine.due(resumed, T0.plusSeconds(3700), false)).isEmpty();
    assertThat(ScheduleMachine.due(resumed, T0.plusSeconds(3900), false)).hasSize(1);
    assertThat(ScheduleMachine.onCommand(resumed, new ScheduleCommand.Delete("s1", T0)).deleted())
        .isTrue();
  }

  @Test
  void aTimeZoneMovesTheTicks() {
    ScheduleSpec paris = new ScheduleSpec("0 9 * * *", "Europe/Paris");
    assertThat(paris.next(T0)).contains(Instant.parse("2026-01-01T08:00:00Z"));
    assertThat(new ScheduleSpec("0 9 * * *", null).next(T0))
        .contains(Instant.parse("2026-01-01T09:00:00Z"));
    assertThat(new ScheduleSpec("61 * * * *", null).problem()).isPresent();
    assertThat(new ScheduleSpec("* * * * *", "Mars/Olympus").problem())
        .contains("timezone: 'Mars/Olympus' is not a time zone");
  }
}
