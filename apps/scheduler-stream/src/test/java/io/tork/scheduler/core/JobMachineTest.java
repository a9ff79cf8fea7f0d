package io.tork.scheduler.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.Job;
import io.tork.model.JobSpec;
import io.tork.model.JobState;
import io.tork.model.RetrySpec;
import io.tork.model.Task;
import io.tork.model.TaskCompleted;
import io.tork.model.TaskEvent;
import io.tork.model.TaskFailed;
import io.tork.model.TaskSpec;
import io.tork.model.TaskStarted;
import io.tork.model.TaskState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobMachineTest extends JobMachineFixtures {
  @Test
  void submissionSchedulesTheFirstTaskOnTheDefaultQueue() {
    Decision d = Decisions.submitted(job(task("a"), task("b")), null, T0, ids);
    assertThat(d.job().state()).isEqualTo(JobState.SCHEDULED);
    assertThat(d.job().position()).isEqualTo(1);
    assertThat(d.dispatches())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.name()).isEqualTo("a");
              assertThat(t.queue()).isEqualTo("default");
              assertThat(t.state()).isEqualTo(TaskState.SCHEDULED);
              assertThat(t.attempt()).isEqualTo(1);
            });
  }

  @Test
  void aDuplicateSubmissionChangesNothing() {
    Job job = job(task("a"));
    assertThat(Decisions.submitted(job, job, T0, ids).isNothing()).isTrue();
  }

  @Test
  void tasksRunOneAfterAnotherAndTheLastCompletesTheJob() {
    State s = submit(job(task("a"), task("b")));
    s = on(s, new TaskStarted("j1", "task-1", "node-1", T0));
    assertThat(s.job().state()).isEqualTo(JobState.RUNNING);
    assertThat(s.task("task-1").state()).isEqualTo(TaskState.RUNNING);
    assertThat(s.task("task-1").nodeId()).isEqualTo("node-1");
    s = on(s, new TaskCompleted("j1", "task-1", "hello world", T0));
    assertThat(s.task("task-1").result()).isEqualTo("hello world");
    assertThat(s.task("task-2").state()).isEqualTo(TaskState.SCHEDULED);
    assertThat(s.job().position()).isEqualTo(2);
    s = on(s, new TaskStarted("j1", "task-2", "node-1", T0));
    s = on(s, new TaskCompleted("j1", "task-2", "", T0));
    assertThat(s.job().state()).isEqualTo(JobState.COMPLETED);
    assertThat(s.job().position()).isEqualTo(3);
    assertThat(s.job().completedAt()).isNotNull();
  }

  @Test
  void aVarStoresTheResultInTheJobContext() {
    TaskSpec producer = TaskSpec.builder().name("p").image("i").run("r").var("task1").build();
    State s = submit(job(producer, task("b")));
    s = on(s, new TaskCompleted("j1", "task-1", "world", T0));
    assertThat(s.outputs()).containsEntry("task1", "world");
  }

  @Test
  void aFailureWithoutRetryFailsTheJobWithTheTasksError() {
    State s = submit(job(task("a"), task("b")));
    s = on(s, new TaskFailed("j1", "task-1", "exit code 3: boom", T0));
    assertThat(s.job().state()).isEqualTo(JobState.FAILED);
    assertThat(s.job().error()).isEqualTo("exit code 3: boom");
    assertThat(s.tasks()).hasSize(1);
  }

  @Test
  void aFailureIsRetriedAsANewRecordUntilTheLimit() {
    TaskSpec flaky =
        TaskSpec.builder().name("f").image("i").run("r").retry(new RetrySpec(1)).build();
    State s = submit(job(flaky));
    s = on(s, new TaskFailed("j1", "task-1", "first", T0));
    assertThat(s.job().state()).isEqualTo(JobState.SCHEDULED);
    assertThat(s.task("task-2").attempt()).isEqualTo(2);
    assertThat(s.task("task-1").state()).isEqualTo(TaskState.FAILED);
    s = on(s, new TaskFailed("j1", "task-2", "second", T0));
    assertThat(s.job().state()).isEqualTo(JobState.FAILED);
    assertThat(s.job().error()).isEqualTo("second");
  }

  @Test
  void duplicateAndStaleEventsChangeNothing() {
    State s = submit(job(task("a"), task("b")));
    s = on(s, new TaskStarted("j1", "task-1", "node-1", T0));
    Task running = s.task("task-1");
    assertThat(
            Decisions.onTaskEvent(
                    s.job(), running, new TaskStarted("j1", "task-1", "node-1", T0), T0, ids)
                .isNothing())
        .isTrue();
    s = on(s, new TaskCompleted("j1", "task-1", "x", T0));
    Task done = s.task("task-1");
    assertThat(
            Decisions.onTaskEvent(
                    s.job(), done, new TaskCompleted("j1", "task-1", "y", T0), T0, ids)
                .isNothing())
        .isTrue();
    assertThat(
            Decisions.onTaskEvent(
                    s.job(), done, new TaskFailed("j1", "task-1", "late", T0), T0, ids)
                .isNothing())
        .isTrue();
  }

  @Test
  void aTerminalJobAbsorbsEveryEvent() {
    State s = submit(job(task("a")));
    s = on(s, new TaskFailed("j1", "task-1", "boom", T0));
    Task failed = s.task("task-1");
    Task stillScheduled = Task.scheduled("task-9", "j1", 9, 1, 1, task("a"), "default", T0);
    for (TaskEvent e :
        List.<TaskEvent>of(
            new TaskStarted("j1", "task-9", "n", T0),
            new TaskCompleted("j1", "task-9", "r", T0),
            new TaskFailed("j1", "task-9", "e", T0))) {
      Decision late = Decisions.onTaskEvent(s.job(), stillScheduled, e, T0, ids);
      if (e instanceof TaskStarted) {
        // A record the ended job has not cancelled yet (a large job is cancelled a chunk at a
        // time) does not get to run: it is cancelled, and stopped where it started.
        assertThat(late.job()).isNull();
        assertThat(late.tasks()).extracting(Task::state).containsExactly(TaskState.CANCELLED);
        assertThat(late.cancellations()).extracting(c -> c.nodeId()).containsExactly("n");
      } else {
        assertThat(late.isNothing()).isTrue();
      }
      Decision d = Decisions.onTaskEvent(s.job(), failed, e, T0, ids);
      if (e instanceof TaskStarted) {
        // Nothing changes, but a copy of an ended record must not keep running.
        assertThat(d.job()).isNull();
        assertThat(d.tasks()).isEmpty();
        assertThat(d.cancellations()).extracting(c -> c.nodeId()).containsExactly("n");
      } else {
        assertThat(d.isNothing()).isTrue();
      }
    }
  }

  @Test
  void aRejectedDocumentIsStoredAsAFailedJob() {
    Job rejected = Job.rejected("j2", "bad", "tasks: must contain at least one task", T0);
    Decision d = Decisions.submitted(rejected, null, T0, ids);
    assertThat(d.job().state()).isEqualTo(JobState.FAILED);
    assertThat(d.job().error()).contains("tasks");
    assertThat(d.dispatches()).isEmpty();
  }

  private static TaskSpec spec(String name, Map<String, String> env, String var, String condition) {
    return TaskSpec.builder()
        .name(name)
        .image("i")
        .run("r")
        .env(env)
        .var(var)
        .condition(condition)
        .build();
  }

  @Test
  void templatesInEnvAreEvaluatedAgainstInputsTasksAndJob() {
    Job job =
        Job.pending(
            "j1",
            new JobSpec(
                "hello job",
                null,
                Map.of("message", "hi"),
                List.of(
                    spec("a", Map.of(), "task1", null),
                    spec(
                        "b",
                        Map.of(
                            "M",
                            "{{ inputs.message }}",
                            "N",
                            "{{ tasks.task1 }}",
                            "J",
                            "{{ job.name }}",
                            "RUN",
                            "echo {{ 1 + 1 }}"),
                        null,
                        null))),
            T0);
    State s = submit(job);
    s = on(s, new TaskCompleted("j1", "task-1", "world", T0));
    assertThat(s.task("task-2").spec().env())
        .containsEntry("M", "hi")
        .containsEntry("N", "world")
        .containsEntry("J", "hello job")
        .containsEntry("RUN", "echo 2");
  }

  @Test
  void aFalseConditionSkipsTheTaskAndTheJobMovesOn() {
    Job job =
        Job.pending(
            "j1",
            new JobSpec(
                "j",
                null,
                Map.of("run", "false"),
                List.of(
                    spec("a", Map.of(), null, "{{ inputs.run == 'true' }}"),
                    spec("b", Map.of(), null, "anything but false"))),
            T0);
    Decision d = Decisions.submitted(job, null, T0, ids);
    assertThat(d.tasks())
        .extracting(Task::state)
        .containsExactly(TaskState.SKIPPED, TaskState.SCHEDULED);
    assertThat(d.dispatches()).singleElement().extracting(Task::name).isEqualTo("b");
    assertThat(d.job().position()).isEqualTo(2);
  }

  @Test
  void skippingTheLastTaskCompletesTheJob() {
    Job job =
        Job.pending(
            "j1",
            new JobSpec("j", null, Map.of(), List.of(spec("a", Map.of(), null, " false "))),
            T0);
    Decision d = Decisions.submitted(job, null, T0, ids);
    assertThat(d.job().state()).isEqualTo(JobState.COMPLETED);
    assertThat(d.dispatches()).isEmpty();
  }

  @Test
  void aTemplateErrorFailsTheTaskAndTheJobWithoutRunningIt() {
    State s = submit(job(task("a"), spec("b", Map.of("X", "{{ nope.x }}"), null, null)));
    s = on(s, new TaskCompleted("j1", "task-1", "", T0));
    assertThat(s.task("task-2").state()).isEqualTo(TaskState.FAILED);
    assertThat(s.task("task-2").error()).contains("unknown name nope");
    assertThat(s.job().state()).isEqualTo(JobState.FAILED);
    assertThat(s.job().error()).contains("unknown name nope");
  }

  @Test
  void cancelStopsTheRunningTaskOnItsNodeAndNothingElseStarts() {
    State s = submit(job(task("a"), task("b")));
    s = on(s, new TaskStarted("j1", "task-1", "node-1", T0));
    List<Task> active = List.of(s.task("task-1"));
    Decision d =
        Decisions.onCommand(s.job(), active, new io.tork.model.CancelJob("j1", T0), T0, ids);
    assertThat(d.job().state()).isEqualTo(JobState.CANCELLED);
    assertThat(d.tasks()).singleElement().extracting(Task::state).isEqualTo(TaskState.CANCELLED);
    assertThat(d.cancellations())
        .containsExactly(new io.tork.model.CancelTask("node-1", "j1", "task-1"));
    s = s.apply(d);
    // The container's death is reported as a failure: it changes nothing now.
    assertThat(
            Decisions.onTaskEvent(
                    s.job(),
                    s.task("task-1"),
                    new TaskFailed("j1", "task-1", "task cancelled", T0),
                    T0,
                    ids)
                .isNothing())
        .isTrue();
    assertThat(
            Decisions.onTaskEvent(
                    s.job(),
                    s.task("task-1"),
                    new TaskCompleted("j1", "task-1", "late", T0),
                    T0,
                    ids)
                .isNothing())
        .isTrue();
  }

  @Test
  void aCancelledTaskThatStartsLateIsStoppedOnItsNode() {
    State s = submit(job(task("a")));
    s = command(s, new io.tork.model.CancelJob("j1", T0));
    assertThat(s.task("task-1").state()).isEqualTo(TaskState.CANCELLED);
    Decision late =
        Decisions.onTaskEvent(
            s.job(), s.task("task-1"), new TaskStarted("j1", "task-1", "node-7", T0), T0, ids);
    assertThat(late.job()).isNull();
    assertThat(late.cancellations())
        .containsExactly(new io.tork.model.CancelTask("node-7", "j1", "task-1"));
  }

  @Test
  void cancellingAnEndedJobChangesNothing() {
    State s = submit(job(task("a")));
    s = on(s, new TaskCompleted("j1", "task-1", "", T0));
    assertThat(
            Decisions.onCommand(s.job(), List.of(), new io.tork.model.CancelJob("j1", T0), T0, ids)
                .isNothing())
        .isTrue();
  }

  @Test
  void restartResumesAFailedJobFromTheTaskThatDidNotComplete() {
    State s = submit(job(task("a"), task("b"), task("c")));
    s = on(s, new TaskCompleted("j1", "task-1", "", T0));
    s = on(s, new TaskFailed("j1", "task-2", "boom", T0));
    assertThat(s.job().state()).isEqualTo(JobState.FAILED);
    s = command(s, new io.tork.model.RestartJob("j1", T0));
    assertThat(s.job().state()).isEqualTo(JobState.RUNNING);
    assertThat(s.job().error()).isEmpty();
    assertThat(s.task("task-3").name()).isEqualTo("b");
    assertThat(s.task("task-3").state()).isEqualTo(TaskState.SCHEDULED);
    s = on(s, new TaskCompleted("j1", "task-3", "", T0));
    s = on(s, new TaskCompleted("j1", "task-4", "", T0));
    assertThat(s.job().state()).isEqualTo(JobState.COMPLETED);
  }

  @Test
  void aRestartedTasksAttemptCountsOnAndItsRetriesStartAgain() {
    TaskSpec flaky = task("a").toBuilder().retry(new io.tork.model.RetrySpec(1)).build();
    State s = submit(job(flaky));
    s = on(s, new TaskFailed("j1", "task-1", "boom", T0));
    assertThat(s.task("task-2").attempt()).isEqualTo(2);
    s = on(s, new TaskFailed("j1", "task-2", "boom", T0));
    assertThat(s.job().state()).isEqualTo(JobState.FAILED);

    s = command(s, new io.tork.model.RestartJob("j1", T0));
    assertThat(s.task("task-3").attempt()).as("counts on from the last attempt").isEqualTo(3);
    assertThat(s.task("task-3").retries()).isZero();
    s = on(s, new TaskFailed("j1", "task-3", "boom", T0));
    assertThat(s.task("task-4").attempt()).as("the retry limit applies anew").isEqualTo(4);
    assertThat(s.job().state()).isEqualTo(JobState.RUNNING);
    s = on(s, new TaskFailed("j1", "task-4", "boom", T0));
    assertThat(s.job().state()).isEqualTo(JobState.FAILED);
  }

  @Test
  void restartOfARunningOrCompletedJobChangesNothing() {
    State s = submit(job(task("a")));
    assertThat(
            Decisions.onCommand(s.job(), List.of(), new io.tork.model.RestartJob("j1", T0), T0, ids)
                .isNothing())
        .isTrue();
    s = on(s, new TaskCompleted("j1", "task-1", "", T0));
    assertThat(
            Decisions.onCommand(s.job(), List.of(), new io.tork.model.RestartJob("j1", T0), T0, ids)
                .isNothing())
        .isTrue();
  }

  @Test
  void progressIsClampedAndMovesTheJobsProgress() {
    State s = submit(job(task("a"), task("b")));
    s = on(s, new io.tork.model.TaskStarted("j1", "task-1", "n1", T0));
    s = on(s, new io.tork.model.TaskProgress("j1", "task-1", 50, T0));
    assertThat(s.task("task-1").progress()).isEqualTo(50.0);
    assertThat(s.job().progress()).isEqualTo(25.0);
    s = on(s, new io.tork.model.TaskProgress("j1", "task-1", 250, T0));
    assertThat(s.task("task-1").progress()).isEqualTo(100.0);
    assertThat(s.job().progress()).isEqualTo(50.0);
    s = on(s, new TaskCompleted("j1", "task-1", "", T0));
    assertThat(s.job().progress()).isEqualTo(50.0);
    s = on(s, new io.tork.model.TaskProgress("j1", "task-1", 10, T0));
    assertThat(last.isNothing()).isTrue(); // the task has ended
  }
}
