package io.tork.scheduler.core;

import io.tork.model.CancelJob;
import io.tork.model.CancelTask;
import io.tork.model.EachSpec;
import io.tork.model.Job;
import io.tork.model.JobCommand;
import io.tork.model.JobSpec;
import io.tork.model.JobState;
import io.tork.model.RestartJob;
import io.tork.model.SubJobSpec;
import io.tork.model.Task;
import io.tork.model.TaskCompleted;
import io.tork.model.TaskEvent;
import io.tork.model.TaskFailed;
import io.tork.model.TaskProgress;
import io.tork.model.TaskReturned;
import io.tork.model.TaskSpec;
import io.tork.model.TaskStarted;
import io.tork.model.TaskState;
import io.tork.model.expr.ExpressionException;
import io.tork.model.expr.Templates;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The job and task state machine, Tork's semantics: top-level tasks run one after another; a
 * failure is retried as a new task record while {@code retry.limit} allows, else it fails the job
 * and cancels what still runs; the last completion completes the job and evaluates its {@code
 * output}. Composite tasks: a {@code parallel} task starts all its children and completes when they
 * all have; an {@code each} task starts one child per list element, at most {@code concurrency} at
 * a time; a {@code subjob} task runs a child job and completes with it. Idempotent: a duplicate or
 * stale event (for a task record that has already moved on, or a job that has ended) decides
 * nothing. One event costs the same whatever the size of the job: a child's completion touches the
 * child, its parent and at most the next held-back sibling.
 */
public final class JobMachine {
  /** How many times a task is re-dispatched after its node died before it fails. */
  public static final int MAX_RECOVERIES = 5;

  private JobMachine() {}

  /** A job document was accepted: schedule its first task. */
  public static Decision submitted(Job job, @Nullable Job existing, Instant now, IdSource ids) {
    if (existing != null) {
      return Decision.NOTHING; // a duplicate submission of the same id
    }
    if (job.state() != JobState.PENDING) {
      return new Decision(job, List.of(), List.of()); // rejected at parse time: store as is
    }
    Changes ch = new Changes(job, now, ids, TaskLookup.NONE);
    ch.job(job.withState(JobState.SCHEDULED));
    startAt(ch, 1);
    return ch.decision();
  }

  /** A worker (or a sub-job) reported on a task record of {@code job}. */
  public static Decision onTaskEvent(
      Job job, Task task, TaskEvent event, Instant now, IdSource ids) {
    return onTaskEvent(job, task, event, now, ids, TaskLookup.NONE);
  }

  public static Decision onTaskEvent(
      Job job, Task task, TaskEvent event, Instant now, IdSource ids, TaskLookup lookup) {
    if (event instanceof TaskStarted started && task.state().isTerminal()) {
      // A copy of a record that has already ended started somewhere (picked up after its job was
      // cancelled, or a handed-back copy of a task that was recovered meanwhile): stop it there.
      return new Decision(
          null,
          List.of(),
          List.of(),
          List.of(new CancelTask(started.nodeId(), job.id(), task.id())));
    }
    if (job.state().isTerminal() || task.state().isTerminal()) {
      return Decision.NOTHING;
    }
    Changes ch = new Changes(job, now, ids, lookup);
    switch (event) {
      case TaskStarted started -> started(ch, task, started);
      case TaskCompleted completed -> {
        Task done = ch.put(task.completed(completed.result(), completed.at()));
        finished(ch, done);
      }
      case TaskFailed failed -> failed(ch, task, failed);
      case TaskReturned returned -> returned(ch, task, returned);
      case TaskProgress progress -> progressed(ch, task, progress);
    }
    return ch.decision();
  }

  /**
   * A user's command (or one from a related job). {@code active} are the job's task records that
   * have not ended.
   *
   * <p>Cancel: only a job that has not ended; every active task is CANCELLED, the ones a node has
   * started are stopped there, sub-jobs are cancelled, and so is the parent of a sub-job. Restart:
   * only a FAILED or CANCELLED job with a task left; the task at the job's position runs again as a
   * new record.
   */
  public static Decision onCommand(
      Job job, List<Task> active, JobCommand command, Instant now, IdSource ids) {
    return onCommand(job, TaskLookup.ofActive(active), command, now, ids);
  }

  public static Decision onCommand(
      Job job, TaskLookup lookup, JobCommand command, Instant now, IdSource ids) {
    Changes ch = new Changes(job, now, ids, lookup);
    switch (command) {
      case CancelJob cancel -> {
        if (job.state().isTerminal()) {
          return Decision.NOTHING;
        }
        ch.job(job.cancelled(now));
        cancelActive(ch);
        if (job.isSubJob()) {
          ch.send(new Message.SendCommand(new CancelJob(job.parentJobId(), now)));
        }
      }
      case RestartJob restart -> {
        boolean restartable = job.state() == JobState.FAILED || job.state() == JobState.CANCELLED;
        if (!restartable || job.position() < 1 || job.position() > job.taskCount()) {
          return Decision.NOTHING;
        }
        ch.job(job.restarted());
        // The task that did not complete runs again as its next attempt, with its retries anew.
        startAt(ch, job.position(), job.attempt() + 1);
      }
    }
    return ch.decision();
  }

  /**
   * The node running {@code task} stopped heartbeating: the task runs again as a new record on its
   * queue (a recovery), at most {@link #MAX_RECOVERIES} times, and the node is told to stop the old
   * attempt in case it was only slow. A task no longer running on that node is left alone.
   */
  public static Decision onNodeLost(Job job, Task task, String nodeId, Instant now, IdSource ids) {
    return onNodeLost(job, task, nodeId, now, ids, TaskLookup.NONE);
  }

  public static Decision onNodeLost(
      Job job, Task task, String nodeId, Instant now, IdSource ids, TaskLookup lookup) {
    if (job.state().isTerminal()
        || task.state() != TaskState.RUNNING
        || !task.nodeId().equals(nodeId)) {
      return Decision.NOTHING;
    }
    Changes ch = new Changes(job, now, ids, lookup);
    ch.stop(new CancelTask(nodeId, job.id(), task.id()));
    if (task.recoveries() >= MAX_RECOVERIES) {
      String error =
          "node "
              + nodeId
              + " stopped responding; the task was lost with its node "
              + (task.recoveries() + 1)
              + " times, giving up";
      ch.put(task.failed(error, now));
      failJob(ch, error);
    } else {
      Task lost = task.failed("node " + nodeId + " stopped responding; task re-dispatched", now);
      rerun(ch, lost, true);
    }
    return ch.decision();
  }

  private static void started(Changes ch, Task task, TaskStarted event) {
    if (task.state() == TaskState.RUNNING && !task.nodeId().equals(event.nodeId())) {
      // A second copy started elsewhere: the record runs where it first started; stop the copy.
      ch.stop(new CancelTask(event.nodeId(), ch.job().id(), task.id()));
      return;
    }
    if (task.state() != TaskState.SCHEDULED) {
      return; // a redelivered start
    }
    ch.put(task.running(event.nodeId(), event.at()));
    if (ch.job().state() == JobState.SCHEDULED) {
      ch.job(ch.job().running(event.at()));
    }
  }

  /**
   * Tork's progress: the task's value clamped to 0..100; a top-level task moves the job's progress
   * to {@code ((position - 1) + p / 100) / taskCount * 100}, rounded to 2 places.
   */
  private static void progressed(Changes ch, Task task, TaskProgress event) {
    if (task.state() != TaskState.RUNNING) {
      return;
    }
    double p = Math.max(0, Math.min(100, event.progress()));
    if (Double.isNaN(p) || p == task.progress()) {
      return;
    }
    ch.put(task.toBuilder().progress(p).build());
    if (!task.isChild()) {
      Job job = ch.job();
      ch.job(
          job.toBuilder()
              .progress(round2(((task.position() - 1) + p / 100) / job.taskCount() * 100))
              .build());
    }
  }

  private static double round2(double value) {
    return Math.round(value * 100) / 100.0;
  }

  /** A node shutting down gave the task back: the same record goes back to its queue. */
  private static void returned(Changes ch, Task task, TaskReturned event) {
    if (task.state() != TaskState.RUNNING || !task.nodeId().equals(event.nodeId())) {
      return; // already moved on (recovered, or returned twice)
    }
    Task again = ch.put(task.returned(event.at()));
    ch.dispatch(again);
  }

  private static void failed(Changes ch, Task task, TaskFailed event) {
    Task failed = task.failed(event.error(), event.at());
    var retry = task.spec().retry();
    // Recoveries (re-runs after a node died) do not count against the retry limit.
    if (retry != null && task.retries() < retry.limit()) {
      rerun(ch, failed, false);
      return;
    }
    ch.put(failed);
    failJob(ch, event.error());
  }

  /** {@code ended} runs again as a new record of the same task (a retry or a recovery). */
  private static void rerun(Changes ch, Task ended, boolean recovery) {
    ch.put(ended);
    Task next = ch.put(ended.again(ch.newId(), ch.nextSeq(), recovery, ch.now()));
    if (!next.isChild()) {
      ch.job(ch.job().toBuilder().attempt(next.attempt()).build());
    }
    ch.dispatch(next);
  }

  /** A task record COMPLETED (or was SKIPPED): its parent, or the job, moves on. */
  private static void finished(Changes ch, Task done) {
    recordOutput(ch, done);
    if (ch.job().state() == JobState.SCHEDULED) {
      ch.job(ch.job().running(ch.now()));
    }
    if (done.isChild()) {
      childFinished(ch, done);
    } else {
      Job job = ch.job();
      ch.job(job.toBuilder().progress(round2(100.0 * done.position() / job.taskCount())).build());
      startAt(ch, done.position() + 1);
    }
  }

  private static void childFinished(Changes ch, Task child) {
    Task parent = ch.task(child.parentId());
    if (parent == null || parent.state() != TaskState.RUNNING) {
      return; // the parent ended meanwhile (its job failed or was cancelled)
    }
    parent = parent.toBuilder().completions(parent.completions() + 1).build();
    if (parent.completions() >= parent.size()) {
      finished(ch, ch.put(parent.completed("", ch.now())));
      return;
    }
    ch.put(parent);
    EachSpec each = parent.spec().each();
    if (each != null && each.concurrency() > 0) {
      releaseNext(ch, parent);
    }
  }

  /** An {@code each} child finished: the next held-back child (in list order) may run. */
  private static void releaseNext(Changes ch, Task parent) {
    for (int i = parent.released(); i < parent.size(); i++) {
      Task next = ch.child(parent.id(), i);
      if (next != null && next.state() == TaskState.CREATED) {
        ch.put(parent.toBuilder().released(i + 1).build());
        Task launched = launch(ch, next);
        switch (launched.state()) {
          case COMPLETED -> finished(ch, launched);
          case FAILED -> failJob(ch, launched.error());
          default -> {}
        }
        return;
      }
    }
    ch.put(parent.toBuilder().released(parent.size()).build());
  }

  /**
   * Schedules the top-level task at {@code position}: skipped tasks (and composites with nothing to
   * run) are recorded and passed over, a task that cannot start fails the job, and past the last
   * task the job completes.
   */
  private static void startAt(Changes ch, int position) {
    startAt(ch, position, 1);
  }

  /** As {@link #startAt(Changes, int)}, the task at {@code position} as attempt {@code attempt}. */
  private static void startAt(Changes ch, int position, int attempt) {
    int at = position;
    while (at <= ch.job().taskCount()) {
      int thisAttempt = at == position ? attempt : 1;
      ch.job(ch.job().toBuilder().position(at).attempt(thisAttempt).build());
      Task task = plan(ch, ch.job().tasks().get(at - 1), at, null, 0, Map.of(), false, thisAttempt);
      if (task.state() == TaskState.FAILED) {
        failJob(ch, task.error());
        return;
      }
      if (task.state() != TaskState.SKIPPED && task.state() != TaskState.COMPLETED) {
        return;
      }
      recordOutput(ch, task);
      at++;
    }
    ch.job(ch.job().toBuilder().position(at).build());
    completeJob(ch);
  }

  /**
   * A new task record for {@code spec}: its templates evaluated against the job's context and
   * {@code scope}; FAILED if they cannot be, SKIPPED if its {@code if} is false, CREATED if {@code
   * hold} (an {@code each} child waiting for a slot), else launched.
   */
  private static Task plan(
      Changes ch,
      TaskSpec spec,
      int position,
      @Nullable Task parent,
      int index,
      Map<String, Object> scope,
      boolean hold) {
    return plan(ch, spec, position, parent, index, scope, hold, 1);
  }

  private static Task plan(
      Changes ch,
      TaskSpec spec,
      int position,
      @Nullable Task parent,
      int index,
      Map<String, Object> scope,
      boolean hold,
      int attempt) {
    Instant now = ch.now();
    Task.Builder record =
        Task.builder()
            .id(ch.newId())
            .jobId(ch.job().id())
            .parentId(parent == null ? "" : parent.id())
            .index(index)
            .seq(ch.nextSeq())
            .position(position)
            .attempt(attempt)
            .spec(spec)
            .scope(scope)
            .createdAt(now);
    TaskSpec evaluated;
    try {
      evaluated = TaskPlanner.evaluate(spec, TaskPlanner.context(ch.job(), ch.outputs(), scope));
    } catch (ExpressionException e) {
      return ch.put(record.state(TaskState.FAILED).failedAt(now).error(e.getMessage()).build());
    }
    if (evaluated.condition().strip().equals("false")) {
      return ch.put(record.spec(evaluated).state(TaskState.SKIPPED).completedAt(now).build());
    }
    if (!evaluated.isComposite()) {
      evaluated = TaskPlanner.withDefaults(evaluated, ch.job().defaults());
    }
    Task task =
        record
            .spec(evaluated)
            .queue(evaluated.queue())
            .state(hold ? TaskState.CREATED : TaskState.PENDING)
            .build();
    return hold ? ch.put(task) : launch(ch, task);
  }

  /** Starts a planned (or held-back) task: dispatches it, or starts its children or sub-job. */
  private static Task launch(Changes ch, Task task) {
    TaskSpec spec = task.spec();
    if (spec.parallel() != null) {
      return launchParallel(ch, task, spec.parallel().tasks());
    }
    if (spec.each() != null) {
      return launchEach(ch, task, spec.each());
    }
    if (spec.subjob() != null) {
      return launchSubJob(ch, task, spec.subjob());
    }
    Task scheduled =
        ch.put(task.toBuilder().state(TaskState.SCHEDULED).scheduledAt(ch.now()).build());
    ch.dispatch(scheduled);
    return scheduled;
  }

  private static Task launchParallel(Changes ch, Task task, List<TaskSpec> children) {
    Task parent = ch.put(composite(ch, task, children.size()));
    int done = 0;
    for (int i = 0; i < children.size(); i++) {
      Task child = plan(ch, children.get(i), task.position(), parent, i, task.scope(), false);
      switch (child.state()) {
        case FAILED -> {
          return ch.put(parent.failed(child.error(), ch.now()));
        }
        case COMPLETED, SKIPPED -> {
          recordOutput(ch, child);
          done++;
        }
        default -> {}
      }
    }
    return completeIfDone(ch, parent.toBuilder().completions(done).build());
  }

  private static Task launchEach(Changes ch, Task task, EachSpec each) {
    Object value;
    try {
      value =
          Templates.value(each.list(), TaskPlanner.context(ch.job(), ch.outputs(), task.scope()));
    } catch (ExpressionException e) {
      return ch.put(task.failed("each.list: " + e.getMessage(), ch.now()));
    }
    List<?> items = asList(value);
    if (items == null) {
      return ch.put(
          task.failed("each.list does not evaluate to a list: got " + describe(value), ch.now()));
    }
    Task parent = ch.put(composite(ch, task, items.size()));
    int limit = each.concurrency() > 0 ? each.concurrency() : Integer.MAX_VALUE;
    int running = 0;
    int done = 0;
    int firstHeld = items.size();
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("index", String.valueOf(i));
      item.put("value", items.get(i));
      Map<String, Object> scope = new LinkedHashMap<>(task.scope());
      scope.put(each.itemVar(), item);
      boolean hold = running >= limit;
      Task child = plan(ch, each.task(), task.position(), parent, i, scope, hold);
      switch (child.state()) {
        case FAILED -> {
          return ch.put(parent.failed(child.error(), ch.now()));
        }
        case COMPLETED, SKIPPED -> {
          recordOutput(ch, child);
          done++;
        }
        case CREATED -> firstHeld = Math.min(firstHeld, i);
        default -> running++;
      }
    }
    return completeIfDone(ch, parent.toBuilder().completions(done).released(firstHeld).build());
  }

  private static Task launchSubJob(Changes ch, Task task, SubJobSpec sub) {
    String childId = ch.newId();
    JobSpec spec =
        new JobSpec(
            sub.name(),
            sub.description(),
            sub.tags(),
            sub.inputs(),
            sub.secrets(),
            sub.tasks(),
            sub.output(),
            null,
            sub.webhooks(),
            null,
            null);
    Job child = Job.pending(childId, spec, ch.now());
    Task.Builder parent =
        task.toBuilder()
            .state(TaskState.RUNNING)
            .scheduledAt(ch.now())
            .startedAt(ch.now())
            .subJobId(childId);
    if (sub.detached()) {
      ch.send(new Message.SubmitJob(child));
      return ch.put(parent.state(TaskState.COMPLETED).completedAt(ch.now()).build());
    }
    ch.send(
        new Message.SubmitJob(
            child.toBuilder().parentJobId(ch.job().id()).parentId(task.id()).build()));
    return ch.put(parent.build());
  }

  /** A composite task with its children under way. */
  private static Task composite(Changes ch, Task task, int size) {
    return task.toBuilder()
        .state(TaskState.RUNNING)
        .scheduledAt(ch.now())
        .startedAt(ch.now())
        .size(size)
        .build();
  }

  private static Task completeIfDone(Changes ch, Task parent) {
    return ch.put(parent.completions() >= parent.size() ? parent.completed("", ch.now()) : parent);
  }

  private static @Nullable List<?> asList(@Nullable Object value) {
    return switch (value) {
      case List<?> list -> list;
      case Object[] array -> Arrays.asList(array);
      case null, default -> null;
    };
  }

  private static String describe(@Nullable Object value) {
    return value == null ? "nothing" : "'" + value + "'";
  }

  private static void recordOutput(Changes ch, Task task) {
    String var = task.spec().var();
    if (task.state() == TaskState.COMPLETED && !var.isEmpty() && !task.result().isEmpty()) {
      ch.output(var, task.result());
    }
  }

  /** The job fails with {@code error}: what still runs is cancelled, a parent job is told. */
  private static void failJob(Changes ch, String error) {
    Job job = ch.job();
    ch.job(job.failed(ch.now(), error));
    cancelActive(ch);
    if (job.isSubJob()) {
      ch.send(
          new Message.ReportToParent(
              new TaskFailed(job.parentJobId(), job.parentId(), error, ch.now())));
    }
  }

  /** Completes the job: its {@code output} becomes the result; an error there fails the job. */
  private static void completeJob(Changes ch) {
    Job job = ch.job();
    String result = "";
    if (!job.output().isEmpty()) {
      try {
        result = Templates.render(job.output(), TaskPlanner.context(job, ch.outputs(), Map.of()));
      } catch (ExpressionException e) {
        failJob(ch, "output: " + e.getMessage());
        return;
      }
    }
    ch.job(job.completed(ch.now(), result).toBuilder().progress(100).build());
    if (job.isSubJob()) {
      ch.send(
          new Message.ReportToParent(
              new TaskCompleted(job.parentJobId(), job.parentId(), result, ch.now())));
    }
  }

  /** Every record of the job that has not ended is CANCELLED, and stopped where it runs. */
  private static void cancelActive(Changes ch) {
    for (Task task : ch.active()) {
      ch.put(task.cancelled(ch.now()));
      if (!task.nodeId().isEmpty()) {
        ch.stop(new CancelTask(task.nodeId(), ch.job().id(), task.id()));
      }
      if (!task.subJobId().isEmpty()) {
        ch.send(new Message.SendCommand(new CancelJob(task.subJobId(), ch.now())));
      }
    }
  }
}
