package io.tork.scheduler.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.CancelJob;
import io.tork.model.CancelTask;
import io.tork.model.Job;
import io.tork.model.JobSpec;
import io.tork.model.JobState;
import io.tork.model.RestartJob;
import io.tork.model.RetrySpec;
import io.tork.model.SubJobSpec;
import io.tork.model.Task;
import io.tork.model.TaskCompleted;
import io.tork.model.TaskEvent;
import io.tork.model.TaskFailed;
import io.tork.model.TaskSpec;
import io.tork.model.TaskStarted;
import io.tork.model.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The timers' decisions: a retry that backs off waits PENDING; a job's timeout fails it. */
class JobMachineTimersTest extends JobMachineFixtures {
  private static final RetrySpec BACKOFF = new RetrySpec(3, "5s", 2.0, "");

  private static TaskSpec flaky(RetrySpec retry) {
    return task("f").toBuilder().retry(retry).build();
  }

  private static Job timed(String timeout, TaskSpec... tasks) {
    JobSpec spec =
        new JobSpec(
            "timed",
            null,
            null,
            null,
            null,
            List.of(tasks),
            null,
            null,
            null,
            null,
            null,
            null,
            timeout);
    return Job.pending("j1", spec, T0);
  }

  private State at(State s, TaskEvent e, Instant now) {
    return s.apply(
        last = Decisions.onTaskEvent(s.job(), s.task(e.taskId()), e, now, ids, s.lookup()));
  }

  private State due(State s, String taskId, Instant now) {
    return s.apply(last = Decisions.onRetryDue(s.job(), s.task(taskId), now, ids, s.lookup()));
  }

  private State deadline(State s, Instant now) {
    return s.apply(last = Decisions.onDeadline(s.job(), now, ids, s.lookup()));
  }

  @Test
  void aRetryThatBacksOffWaitsPendingUntilItsDelayIsOverEachLongerThanTheLast() {
    State s = submit(job(flaky(BACKOFF)));
    Instant failedAt = T0.plusSeconds(1);
    s = at(s, new TaskFailed("j1", "task-1", "first", failedAt), failedAt);
    Task waiting = s.task("task-2");
    assertThat(waiting.state()).isEqualTo(TaskState.PENDING);
    assertThat(waiting.dueAt()).isEqualTo(failedAt.plusSeconds(5));
    assertThat(waiting.attempt()).isEqualTo(2);
    assertThat(waiting.scheduledAt()).isNull();
    assertThat(last.dispatches()).isEmpty();
    assertThat(s.job().attempt()).isEqualTo(2);

    assertThat(Decisions.onRetryDue(s.job(), waiting, failedAt.plusSeconds(4), ids, s.lookup()))
        .isEqualTo(Decision.NOTHING);
    s = due(s, "task-2", failedAt.plusSeconds(5));
    assertThat(s.task("task-2").state()).isEqualTo(TaskState.SCHEDULED);
    assertThat(last.dispatches()).extracting(Task::id).containsExactly("task-2");
    // fired twice (a replayed punctuation): the second decides nothing
    assertThat(
            Decisions.onRetryDue(
                s.job(), s.task("task-2"), failedAt.plusSeconds(6), ids, s.lookup()))
        .isEqualTo(Decision.NOTHING);

    Instant second = T0.plusSeconds(20);
    s = at(s, new TaskFailed("j1", "task-2", "second", second), second);
    assertThat(s.task("task-3").dueAt()).isEqualTo(second.plusSeconds(10));
    s = due(s, "task-3", second.plusSeconds(10));
    Instant third = T0.plusSeconds(60);
    s = at(s, new TaskFailed("j1", "task-3", "third", third), third);
    assertThat(s.task("task-4").dueAt()).isEqualTo(third.plusSeconds(20));
    s = due(s, "task-4", third.plusSeconds(20));
    s =
        at(
            s,
            new TaskCompleted("j1", "task-4", "ok", third.plusSeconds(21)),
            third.plusSeconds(21));
    assertThat(s.job().state()).isEqualTo(JobState.COMPLETED);
  }

  @Test
  void theLimitAloneRetriesAtOnce() {
    State s = submit(job(flaky(new RetrySpec(2))));
    s = at(s, new TaskFailed("j1", "task-1", "first", T0), T0);
    assertThat(s.task("task-2").state()).isEqualTo(TaskState.SCHEDULED);
    assertThat(s.task("task-2").dueAt()).isNull();
    assertThat(last.dispatches()).extracting(Task::id).containsExactly("task-2");
  }

  @Test
  void aRetryPastItsLimitFailsTheJobWithoutWaiting() {
    State s = submit(job(flaky(new RetrySpec(1, "1s", null, ""))));
    s = at(s, new TaskFailed("j1", "task-1", "first", T0), T0);
    s = due(s, "task-2", T0.plusSeconds(1));
    s = at(s, new TaskFailed("j1", "task-2", "second", T0.plusSeconds(2)), T0.plusSeconds(2));
    assertThat(s.job().state()).isEqualTo(JobState.FAILED);
    assertThat(s.job().error()).isEqualTo("second");
    assertThat(s.tasks()).hasSize(2);
  }

  @Test
  void aCancelDuringTheWaitEndsTheJobAtOnceAndTheTimerThenDecidesNothing() {
    State s = submit(job(flaky(BACKOFF)));
    s = at(s, new TaskFailed("j1", "task-1", "first", T0), T0);
    s = command(s, new CancelJob("j1", T0.plusSeconds(1)));
    assertThat(s.job().state()).isEqualTo(JobState.CANCELLED);
    assertThat(s.task("task-2").state()).isEqualTo(TaskState.CANCELLED);
    assertThat(Decisions.onRetryDue(s.job(), s.task("task-2"), T0.plusSeconds(5), ids, s.lookup()))
        .isEqualTo(Decision.NOTHING);
  }

  @Test
  void aRetryOfAParallelChildWaitsToo() {
    TaskSpec parallel =
        TaskSpec.builder()
            .name("p")
            .parallel(new io.tork.model.ParallelSpec(List.of(flaky(BACKOFF), task("b"))))
            .build();
    State s = submit(job(parallel));
    Task child = s.tasks().values().stream().filter(t -> t.name().equals("f")).findFirst().get();
    s = at(s, new TaskFailed("j1", child.id(), "first", T0), T0);
    Task waiting = s.lookup().child(child.parentId(), child.index());
    assertThat(waiting.state()).isEqualTo(TaskState.PENDING);
    assertThat(s.job().state()).isNotIn(JobState.FAILED);
    s = due(s, waiting.id(), T0.plusSeconds(5));
    assertThat(last.dispatches()).extracting(Task::id).containsExactly(waiting.id());
  }

  @Test
  void aJobPastItsTimeoutFailsAndStopsWhatRunsAndNothingMoreStarts() {
    State s = submit(timed("5m", task("a"), task("b")));
    assertThat(s.job().deadline()).isEqualTo(T0.plusSeconds(300));
    assertThat(s.job().timeout()).isEqualTo("5m");
    s = at(s, new TaskStarted("j1", "task-1", "node-1", T0), T0);
    assertThat(Decisions.onDeadline(s.job(), T0.plusSeconds(299), ids, s.lookup()))
        .isEqualTo(Decision.NOTHING);

    s = deadline(s, T0.plusSeconds(300));
    assertThat(s.job().state()).isEqualTo(JobState.FAILED);
    assertThat(s.job().error()).isEqualTo("job timed out after 5m");
    assertThat(s.task("task-1").state()).isEqualTo(TaskState.CANCELLED);
    assertThat(last.cancellations()).containsExactly(new CancelTask("node-1", "j1", "task-1"));
    assertThat(last.dispatches()).isEmpty();
    // the task's late completion starts nothing
    s = at(s, new TaskCompleted("j1", "task-1", "", T0.plusSeconds(301)), T0.plusSeconds(301));
    assertThat(s.tasks()).hasSize(1);
    assertThat(Decisions.onDeadline(s.job(), T0.plusSeconds(301), ids, s.lookup()))
        .isEqualTo(Decision.NOTHING);
  }

  @Test
  void aJobThatEndsInTimeIsNotTimedOutAndARestartTakesANewDeadline() {
    State s = submit(timed("1m", task("a")));
    s = at(s, new TaskFailed("j1", "task-1", "boom", T0.plusSeconds(1)), T0.plusSeconds(1));
    assertThat(Decisions.onDeadline(s.job(), T0.plusSeconds(60), ids, s.lookup()))
        .isEqualTo(Decision.NOTHING);
    Instant restart = T0.plusSeconds(600);
    s =
        s.apply(
            Decisions.onCommand(s.job(), s.lookup(), new RestartJob("j1", restart), restart, ids));
    assertThat(s.job().deadline()).isEqualTo(restart.plusSeconds(60));
    assertThat(Decisions.onDeadline(s.job(), restart.plusSeconds(59), ids, s.lookup()))
        .isEqualTo(Decision.NOTHING);
    s = deadline(s, restart.plusSeconds(60));
    assertThat(s.job().error()).isEqualTo("job timed out after 1m");
  }

  @Test
  void aJobWaitingForARetryTimesOutToo() {
    State s = submit(timed("30s", flaky(BACKOFF)));
    s = at(s, new TaskFailed("j1", "task-1", "first", T0.plusSeconds(28)), T0.plusSeconds(28));
    s = deadline(s, T0.plusSeconds(30));
    assertThat(s.job().state()).isEqualTo(JobState.FAILED);
    assertThat(s.task("task-2").state()).isEqualTo(TaskState.CANCELLED);
    assertThat(Decisions.onRetryDue(s.job(), s.task("task-2"), T0.plusSeconds(33), ids, s.lookup()))
        .isEqualTo(Decision.NOTHING);
  }

  @Test
  void aSubJobHasItsOwnTimeoutAndItsFailureReachesTheParent() {
    SubJobSpec sub =
        new SubJobSpec(
            "child", null, null, List.of(task("inner")), Map.of(), null, null, null, false, "10s");
    Job parent = timed("1h", TaskSpec.builder().name("s").subjob(sub).build());
    Decision d = Decisions.submitted(parent, null, T0, ids);
    Task s = d.tasks().getFirst();
    Job child = ((Message.SubmitJob) d.messages().getFirst()).job();
    assertThat(child.timeout()).isEqualTo("10s");

    Decision started = Decisions.submitted(child, null, T0, ids);
    assertThat(started.job().deadline()).isEqualTo(T0.plusSeconds(10));
    Decision timedOut =
        Decisions.onDeadline(
            started.job(), T0.plusSeconds(10), ids, TaskLookup.ofActive(started.tasks()));
    assertThat(timedOut.job().error()).isEqualTo("job timed out after 10s");
    assertThat(timedOut.messages())
        .containsExactly(
            new Message.ReportToParent(
                new TaskFailed("j1", s.id(), "job timed out after 10s", T0.plusSeconds(10))));
  }
}
