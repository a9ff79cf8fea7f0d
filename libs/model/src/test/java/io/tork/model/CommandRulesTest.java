package io.tork.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CommandRulesTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Job job(JobState state, int position) {
    JobSpec spec =
        new JobSpec("j", null, Map.of(), List.of(TaskSpec.of("a", "alpine:3.18.3", "true")));
    return Job.pending("j1", spec, T0).toBuilder().state(state).position(position).build();
  }

  @ParameterizedTest
  @EnumSource(JobState.class)
  void onlyAJobThatHasNotEndedCanBeCancelled(JobState state) {
    String refusal = CommandRules.refusal(job(state, 1), new CancelJob("j1", T0));
    assertThat(refusal).isEqualTo(state.isTerminal() ? "job is not running" : "");
  }

  @ParameterizedTest
  @EnumSource(JobState.class)
  void onlyAFailedOrCancelledJobCanBeRestarted(JobState state) {
    String refusal = CommandRules.refusal(job(state, 1), new RestartJob("j1", T0));
    boolean may = state == JobState.FAILED || state == JobState.CANCELLED;
    assertThat(refusal).isEqualTo(may ? "" : "job is " + state + " and can not be restarted");
  }

  @ParameterizedTest
  @EnumSource(JobState.class)
  void onlyAJobThatHasEndedCanBeDeleted(JobState state) {
    String refusal = CommandRules.refusal(job(state, 1), new DeleteJob("j1", T0));
    assertThat(refusal)
        .isEqualTo(state.isTerminal() ? "" : "job is " + state + ": cancel it first");
  }

  @ParameterizedTest
  @EnumSource(JobState.class)
  void aDeletedQueueFailsOnlyAJobThatHasNotEnded(JobState state) {
    String refusal = CommandRules.refusal(job(state, 1), new FailQueued("j1", "q", T0));
    assertThat(refusal).isEqualTo(state.isTerminal() ? "job has ended" : "");
  }

  @Test
  void aJobWithNoTaskLeftCannotBeRestarted() {
    assertThat(CommandRules.whyNotRestartable(job(JobState.FAILED, 2)))
        .isEqualTo("job has no more tasks to run");
    assertThat(CommandRules.whyNotRestartable(job(JobState.FAILED, 0)))
        .isEqualTo("job has no more tasks to run");
  }

  @Test
  void theEnginesOwnCommandsAlwaysApply() {
    Job ended = job(JobState.COMPLETED, 2);
    assertThat(CommandRules.refusal(ended, new PlanChildren("j1", "t1", T0))).isEmpty();
    assertThat(CommandRules.refusal(ended, new CancelRemaining("j1", T0))).isEmpty();
  }
}
