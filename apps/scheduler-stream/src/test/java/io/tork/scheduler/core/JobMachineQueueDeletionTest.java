package io.tork.scheduler.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.CancelTask;
import io.tork.model.FailQueued;
import io.tork.model.JobState;
import io.tork.model.ParallelSpec;
import io.tork.model.RetrySpec;
import io.tork.model.Task;
import io.tork.model.TaskSpec;
import io.tork.model.TaskStarted;
import io.tork.model.TaskState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A deleted queue: what waits on it fails with its job; what runs is the job's failure's. */
class JobMachineQueueDeletionTest extends JobMachineFixtures {
  private static TaskSpec on(String name, String queue) {
    return task(name).toBuilder().queue(queue).retry(new RetrySpec(3)).build();
  }

  private static Task byName(State s, String name) {
    return s.tasks().values().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theRecordsWaitingOnTheQueueFailAndSoDoesTheJobWithNoRetry() {
    TaskSpec both =
        TaskSpec.builder()
            .name("p")
            .parallel(new ParallelSpec(List.of(on("gone", "doomed"), on("busy", "other"))))
            .build();
    State s = submit(job(both));
    Task busy = byName(s, "busy");
    s = on(s, new TaskStarted("j1", busy.id(), "node-1", T0));
    int records = s.tasks().size();

    Decision d =
        Decisions.onCommand(s.job(), s.lookup(), new FailQueued("j1", "doomed", T0), T0, ids);
    s = s.apply(d);

    assertThat(s.job().state()).isEqualTo(JobState.FAILED);
    assertThat(s.job().error()).isEqualTo("queue deleted");
    Task gone = byName(s, "gone");
    assertThat(gone.state()).isEqualTo(TaskState.FAILED);
    assertThat(gone.error()).isEqualTo("queue deleted");
    assertThat(s.tasks()).hasSize(records); // no retry record despite retry.limit
    // The running sibling on another queue goes with its failed job, as after any failure.
    assertThat(byName(s, "busy").state()).isEqualTo(TaskState.CANCELLED);
    assertThat(d.cancellations()).contains(new CancelTask("node-1", "j1", busy.id()));
  }

  @Test
  void aJobWithNothingWaitingOnTheQueueIsNotTouched() {
    State s = submit(job(on("a", "other")));
    s = on(s, new TaskStarted("j1", "task-1", "node-1", T0));
    assertThat(
            Decisions.onCommand(s.job(), s.lookup(), new FailQueued("j1", "other", T0), T0, ids)
                .isNothing())
        .as("running on the queue is not waiting on it")
        .isTrue();
    assertThat(
            Decisions.onCommand(s.job(), s.lookup(), new FailQueued("j1", "doomed", T0), T0, ids)
                .isNothing())
        .isTrue();
  }

  @Test
  void aSecondDeletionOfTheSameQueueChangesNothing() {
    State s = submit(job(on("a", "doomed")));
    s = command(s, new FailQueued("j1", "doomed", T0));
    assertThat(s.job().state()).isEqualTo(JobState.FAILED);
    assertThat(
            Decisions.onCommand(s.job(), s.lookup(), new FailQueued("j1", "doomed", T0), T0, ids)
                .isNothing())
        .isTrue();
  }
}
