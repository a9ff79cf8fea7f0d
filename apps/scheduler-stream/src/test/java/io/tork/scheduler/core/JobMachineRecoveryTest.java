package io.tork.scheduler.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.JobState;
import io.tork.model.RetrySpec;
import io.tork.model.Task;
import io.tork.model.TaskCompleted;
import io.tork.model.TaskFailed;
import io.tork.model.TaskSpec;
import io.tork.model.TaskStarted;
import io.tork.model.TaskState;
import org.junit.jupiter.api.Test;

/** Node loss, tasks returned by stopping nodes, and stray copies of a task. */
class JobMachineRecoveryTest extends JobMachineFixtures {
  @Test
  void aTaskLostWithItsNodeRunsAgainWithoutUsingARetry() {
    TaskSpec once =
        TaskSpec.builder().name("f").image("i").run("r").retry(new RetrySpec(1)).build();
    State s = submit(job(once));
    s = on(s, new TaskStarted("j1", "task-1", "node-1", T0));
    Decision d = Decisions.onNodeLost(s.job(), s.task("task-1"), "node-1", T0, ids);
    assertThat(d.cancellations())
        .containsExactly(new io.tork.model.CancelTask("node-1", "j1", "task-1"));
    s = s.apply(d);
    assertThat(s.task("task-1").state()).isEqualTo(TaskState.FAILED);
    assertThat(s.task("task-1").error()).contains("node-1 stopped responding");
    Task again = s.task("task-2");
    assertThat(again.attempt()).isEqualTo(2);
    assertThat(again.recoveries()).isEqualTo(1);
    // The retry is still available: one failure of the recovered attempt is retried.
    s = on(s, new TaskFailed("j1", "task-2", "boom", T0));
    assertThat(s.task("task-3").attempt()).isEqualTo(3);
    assertThat(s.job().state()).isNotEqualTo(JobState.FAILED);
  }

  @Test
  void afterFiveRecoveriesTheTaskFails() {
    State s = submit(job(task("a")));
    String current = "task-1";
    for (int i = 0; i < JobMachine.MAX_RECOVERIES; i++) {
      s = on(s, new TaskStarted("j1", current, "node-" + i, T0));
      s = s.apply(Decisions.onNodeLost(s.job(), s.task(current), "node-" + i, T0, ids));
      current = "task-" + (i + 2);
    }
    s = on(s, new TaskStarted("j1", current, "node-x", T0));
    s = s.apply(Decisions.onNodeLost(s.job(), s.task(current), "node-x", T0, ids));
    assertThat(s.job().state()).isEqualTo(JobState.FAILED);
    assertThat(s.job().error()).contains("lost with its node 6 times");
  }

  @Test
  void aNodeLossForATaskNoLongerOnThatNodeChangesNothing() {
    State s = submit(job(task("a")));
    s = on(s, new TaskStarted("j1", "task-1", "node-1", T0));
    assertThat(Decisions.onNodeLost(s.job(), s.task("task-1"), "node-2", T0, ids).isNothing())
        .isTrue();
    s = on(s, new TaskCompleted("j1", "task-1", "", T0));
    assertThat(Decisions.onNodeLost(s.job(), s.task("task-1"), "node-1", T0, ids).isNothing())
        .isTrue();
  }

  @Test
  void aTaskReturnedByAStoppingNodeGoesBackToItsQueueAsTheSameRecord() {
    State s = submit(job(task("a")));
    s = on(s, new TaskStarted("j1", "task-1", "node-1", T0));
    Decision d =
        Decisions.onTaskEvent(
            s.job(),
            s.task("task-1"),
            new io.tork.model.TaskReturned("j1", "task-1", "node-1", T0.plusSeconds(3)),
            T0,
            ids);
    assertThat(d.dispatches())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.id()).isEqualTo("task-1");
              assertThat(t.state()).isEqualTo(TaskState.SCHEDULED);
              assertThat(t.nodeId()).isEmpty();
              assertThat(t.attempt()).isEqualTo(1);
            });
    s = s.apply(d);
    // node-1 is gone: its silence no longer concerns this task.
    assertThat(Decisions.onNodeLost(s.job(), s.task("task-1"), "node-1", T0, ids).isNothing())
        .isTrue();
    s = on(s, new TaskStarted("j1", "task-1", "node-2", T0));
    assertThat(s.task("task-1").nodeId()).isEqualTo("node-2");
    // A return from a node the task is not on changes nothing.
    assertThat(
            Decisions.onTaskEvent(
                    s.job(),
                    s.task("task-1"),
                    new io.tork.model.TaskReturned("j1", "task-1", "node-1", T0),
                    T0,
                    ids)
                .isNothing())
        .isTrue();
  }

  @Test
  void aSecondCopyStartingOnAnotherNodeIsStoppedThere() {
    State s = submit(job(task("a")));
    s = on(s, new TaskStarted("j1", "task-1", "node-1", T0));
    Decision copy =
        Decisions.onTaskEvent(
            s.job(), s.task("task-1"), new TaskStarted("j1", "task-1", "node-2", T0), T0, ids);
    assertThat(copy.tasks()).isEmpty();
    assertThat(copy.cancellations())
        .containsExactly(new io.tork.model.CancelTask("node-2", "j1", "task-1"));
  }

  @Test
  void aStaleCopyOfARecoveredTaskThatStartsIsStoppedWhereItRuns() {
    State s = submit(job(task("a")));
    s = on(s, new TaskStarted("j1", "task-1", "node-1", T0));
    s = s.apply(Decisions.onNodeLost(s.job(), s.task("task-1"), "node-1", T0, ids));
    assertThat(s.task("task-1").state()).isEqualTo(TaskState.FAILED);
    // The copy node-1 handed back before it went silent is taken by node-3: stop it there.
    Decision stale =
        Decisions.onTaskEvent(
            s.job(), s.task("task-1"), new TaskStarted("j1", "task-1", "node-3", T0), T0, ids);
    assertThat(stale.job()).isNull();
    assertThat(stale.tasks()).isEmpty();
    assertThat(stale.dispatches()).isEmpty();
    assertThat(stale.cancellations())
        .containsExactly(new io.tork.model.CancelTask("node-3", "j1", "task-1"));
  }
}
