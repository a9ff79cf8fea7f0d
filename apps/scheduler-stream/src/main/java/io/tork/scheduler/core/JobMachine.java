package io.tork.scheduler.core;

import io.tork.model.CancelJob;
import io.tork.model.CancelRemaining;
import io.tork.model.CancelTask;
import io.tork.model.Job;
import io.tork.model.JobCommand;
import io.tork.model.JobState;
import io.tork.model.Limits;
import io.tork.model.PlanChildren;
import io.tork.model.RestartJob;
import io.tork.model.Sizes;
import io.tork.model.Task;
import io.tork.model.TaskCompleted;
import io.tork.model.TaskEvent;
import io.tork.model.TaskFailed;
import io.tork.model.TaskProgress;
import io.tork.model.TaskReturned;
import io.tork.model.TaskStarted;
import io.tork.model.TaskState;
import io.tork.model.expr.Bounds;
import io.tork.model.expr.ExpressionException;
import io.tork.model.expr.Templates;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The job and task state machine, Tork's semantics: top-level tasks run one after another; a
 * failure is retried as a new task record while {@code retry.limit} allows, else it fails the job
 * and cancels what still runs; the last completion completes the job and evaluates its {@code
 * output}. Composite tasks ({@link Composites}): a {@code parallel} task starts all its children
 * and completes when they all have; an {@code each} task starts one child per list element, at most
 * {@code concurrency} at a time; a {@code subjob} task runs a child job and completes with it.
 * Idempotent: a duplicate or stale event (for a task record that has already moved on, or a job
 * that has ended) decides nothing. One decision is bounded whatever the size of the job: a child's
 * completion touches the child, its parent and at most the next held-back sibling, and a large
 * composite is planned (a job with many records cancelled) a chunk per decision. Whatever a job
 * makes stays within {@link Limits}: over one, the task or the job fails saying which and how to
 * raise it.
 */
public final class JobMachine {
  /** How many times a task is re-dispatched after its node died before it fails. */
  public static final int MAX_RECOVERIES = 5;

  private JobMachine() {}

  /** A job document was accepted: schedule its first task. */
  public static Decision submitted(Job job, @Nullable Job existing, Instant now, IdSource ids) {
    return submitted(job, existing, now, ids, Limits.DEFAULTS);
  }

  public static Decision submitted(
      Job job, @Nullable Job existing, Instant now, IdSource ids, Limits limits) {
    if (existing != null) {
      return Decision.NOTHING; // a duplicate submission of the same id
    }
    if (job.state() != JobState.PENDING) {
      return new Decision(job, List.of(), List.of()); // rejected at parse time: store as is
    }
    Changes ch = new Changes(job, now, ids, TaskLookup.NONE, limits);
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
    return onTaskEvent(job, task, event, now, ids, lookup, Limits.DEFAULTS);
  }

  public static Decision onTaskEvent(
      Job job,
      Task task,
      TaskEvent event,
      Instant now,
      IdSource ids,
      TaskLookup lookup,
      Limits limits) {
    Changes ch = new Changes(job, now, ids, lookup, limits);
    if (event instanceof TaskStarted started
        && (task.state().isTerminal() || job.state().isTerminal())) {
      // A copy of a record that has ended started somewhere (picked up after its job was
      // cancelled, or a handed-back copy of a task that was recovered meanwhile), or a record of an
      // ended job not cancelled yet (those are cancelled a chunk at a time): stop it there.
      if (task.state().isActive()) {
        ch.put(task.cancelled(now));
      }
      ch.stop(new CancelTask(started.nodeId(), job.id(), task.id()));
      return ch.decision();
    }
    if (job.state().isTerminal() || task.state().isTerminal()) {
      return Decision.NOTHING;
    }
    switch (event) {
      case TaskStarted started -> started(ch, task, started);
      case TaskCompleted completed -> completed(ch, task, completed);
      case TaskFailed failed -> failed(ch, task, failed);
      case TaskReturned returned -> returned(ch, task, returned);
      case TaskProgress progress -> progressed(ch, task, progress);
    }
    return ch.decision();
  }

  /**
   * A user's command (or one from a related job, or this job's own next chunk). {@code active} are
   * the job's task records that have not ended.
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
    return onCommand(job, lookup, command, now, ids, Limits.DEFAULTS);
  }

  public static Decision onCommand(
      Job job, TaskLookup lookup, JobCommand command, Instant now, IdSource ids, Limits limits) {
    Changes ch = new Changes(job, now, ids, lookup, limits);
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
      case PlanChildren plan -> Composites.planMore(ch, plan.taskId());
      case CancelRemaining remaining -> {
        if (job.state().isTerminal()) {
          cancelActive(ch);
        }
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
    return onNodeLost(job, task, nodeId, now, ids, lookup, Limits.DEFAULTS);
  }

  public static Decision onNodeLost(
      Job job,
      Task task,
      String nodeId,
      Instant now,
      IdSource ids,
      TaskLookup lookup,
      Limits limits) {
    if (job.state().isTerminal()
        || task.state() != TaskState.RUNNING
        || !task.nodeId().equals(nodeId)) {
      return Decision.NOTHING;
    }
    Changes ch = new Changes(job, now, ids, lookup, limits);
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

  /**
   * The engine could not carry out what it decided for {@code job} (a record over its topic's
   * maximum, an error it did not expect): the job fails with {@code reason}, and what it still runs
   * is cancelled, as for any failure. An ended job is left as it is.
   */
  public static Decision onIncident(
      Job job, String reason, Instant now, IdSource ids, TaskLookup lookup, Limits limits) {
    if (job.state().isTerminal()) {
      return Decision.NOTHING;
    }
    Changes ch = new Changes(job, now, ids, lookup, limits);
    failJob(ch, Sizes.keepTail(reason, limits.maxErrorBytes()));
    return ch.decision();
  }

  /**
   * The last resort when not even {@link #onIncident}'s decision can be carried out: the job, as
   * small as it gets (its definition dropped), FAILED with {@code reason}; a sub-job's parent is
   * told. Its records still active are left as they are: their events decide nothing any more.
   */
  public static Decision abandoned(
      String jobId, @Nullable Job job, String reason, Instant now, Limits limits) {
    String error = Sizes.keepTail(reason, Math.min(limits.maxErrorBytes(), 16 * 1024));
    String name = job == null ? "" : job.name();
    Job.Builder failed =
        Job.rejected(jobId, name.length() > 256 ? name.substring(0, 256) : name, error, now)
            .toBuilder();
    if (job != null) {
      failed.parentJobId(job.parentJobId()).parentId(job.parentId()).createdAt(job.createdAt());
    }
    Job record = failed.build();
    List<Message> messages =
        record.isSubJob()
            ? List.of(
                new Message.ReportToParent(
                    new TaskFailed(record.parentJobId(), record.parentId(), error, now)))
            : List.of();
    return new Decision(record, List.of(), List.of(), List.of(), messages);
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
   * A result over {@link Limits#maxResultBytes} fails the task: nothing downstream could hold it.
   */
  private static void completed(Changes ch, Task task, TaskCompleted event) {
    long size = Sizes.utf8(event.result());
    long max = ch.limits().maxResultBytes();
    if (size > max) {
      String error = Limits.exceeded("task output", size, max, "maxResultBytes");
      failed(ch, task, new TaskFailed(event.jobId(), event.taskId(), error, event.at()));
      return;
    }
    finished(ch, ch.put(task.completed(event.result(), event.at())));
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

  /** A failure, its error text cut to {@link Limits#maxErrorBytes} (its end kept). */
  private static void failed(Changes ch, Task task, TaskFailed event) {
    String error = Sizes.keepTail(event.error(), ch.limits().maxErrorBytes());
    Task failed = task.failed(error, event.at());
    var retry = task.spec().retry();
    // Recoveries (re-runs after a node died) do not count against the retry limit.
    if (retry != null && task.retries() < retry.limit()) {
      rerun(ch, failed, false);
      return;
    }
    ch.put(failed);
    failJob(ch, error);
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
  static void finished(Changes ch, Task done) {
    recordOutput(ch, done);
    if (ch.job().state() == JobState.SCHEDULED) {
      ch.job(ch.job().running(ch.now()));
    }
    if (done.isChild()) {
      Composites.childFinished(ch, done);
    } else {
      Job job = ch.job();
      ch.job(job.toBuilder().progress(round2(100.0 * done.position() / job.taskCount())).build());
      startAt(ch, done.position() + 1);
    }
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
      Task task =
          Launch.plan(ch, ch.job().tasks().get(at - 1), at, null, 0, Map.of(), false, thisAttempt);
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

  static void recordOutput(Changes ch, Task task) {
    String var = task.spec().var();
    if (task.state() == TaskState.COMPLETED && !var.isEmpty() && !task.result().isEmpty()) {
      ch.output(var, task.result());
    }
  }

  /** The job fails with {@code error}: what still runs is cancelled, a parent job is told. */
  static void failJob(Changes ch, String error) {
    Job job = ch.job();
    ch.job(job.failed(ch.now(), error));
    cancelActive(ch);
    if (job.isSubJob()) {
      ch.send(
          new Message.ReportToParent(
              new TaskFailed(job.parentJobId(), job.parentId(), error, ch.now())));
    }
  }

  /**
   * Completes the job: its {@code output}, rendered within {@link Limits#maxJobResultBytes},
   * becomes the result; an error there fails the job.
   */
  private static void completeJob(Changes ch) {
    Job job = ch.job();
    String result = "";
    if (!job.output().isEmpty()) {
      try {
        result =
            Templates.render(
                job.output(),
                TaskPlanner.context(job, ch.outputs(), Map.of()),
                Bounds.jobResult(ch.limits()));
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

  /**
   * The job's records that have not ended are CANCELLED, and stopped where they run: up to {@link
   * Changes#CANCEL_CHUNK} now, the rest in later decisions ({@link CancelRemaining}).
   */
  private static void cancelActive(Changes ch) {
    Changes.Active active = ch.active(Changes.CANCEL_CHUNK);
    for (Task task : active.tasks()) {
      ch.put(task.cancelled(ch.now()));
      if (!task.nodeId().isEmpty()) {
        ch.stop(new CancelTask(task.nodeId(), ch.job().id(), task.id()));
      }
      if (!task.subJobId().isEmpty()) {
        ch.send(new Message.SendCommand(new CancelJob(task.subJobId(), ch.now())));
      }
    }
    if (active.more()) {
      ch.send(new Message.SendCommand(new CancelRemaining(ch.job().id(), ch.now())));
    }
  }
}
