package io.tork.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Defaults fill only what a task left out: a value the task set, even 0, stays. */
class JobDefaultsTest {
  private static final JobDefaults DEFAULTS =
      new JobDefaults(new RetrySpec(3), new LimitsSpec("2", "1g"), "5m", "batch", 7);

  @Test
  void aTaskThatSetsNothingGetsEveryDefault() {
    TaskSpec task = DEFAULTS.applyTo(TaskSpec.of("t", "i", "x"));
    assertThat(task.retry()).isEqualTo(new RetrySpec(3));
    assertThat(task.limits()).isEqualTo(new LimitsSpec("2", "1g"));
    assertThat(task.timeout()).isEqualTo("5m");
    assertThat(task.queue()).isEqualTo("batch");
    assertThat(task.priority()).isEqualTo(7);
  }

  @Test
  void whatATaskSetsIsKeptEvenZero() {
    TaskSpec own =
        TaskSpec.of("t", "i", "x").toBuilder()
            .retry(new RetrySpec(0))
            .limits(new LimitsSpec("0.5", "10m"))
            .timeout("1s")
            .queue("mine")
            .priority(0)
            .build();
    TaskSpec task = DEFAULTS.applyTo(own);
    assertThat(task.retry()).isEqualTo(new RetrySpec(0));
    assertThat(task.limits()).isEqualTo(new LimitsSpec("0.5", "10m"));
    assertThat(task.timeout()).isEqualTo("1s");
    assertThat(task.queue()).isEqualTo("mine");
    assertThat(task.priority()).isZero();
  }

  @Test
  void limitsAreFilledFieldByField() {
    TaskSpec task =
        DEFAULTS.applyTo(
            TaskSpec.of("t", "i", "x").toBuilder().limits(new LimitsSpec("", "10m")).build());
    assertThat(task.limits()).isEqualTo(new LimitsSpec("2", "10m"));
  }

  @Test
  void withoutDefaultsAnUnsetPriorityRunsAtZero() {
    TaskSpec task = new JobDefaults(null, null, "", "", null).applyTo(TaskSpec.of("t", "i", "x"));
    assertThat(task.priority()).isNull();
    assertThat(task.effectivePriority()).isZero();
  }
}
