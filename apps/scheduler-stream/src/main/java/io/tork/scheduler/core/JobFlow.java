package io.tork.scheduler.core;

import io.tork.model.CancelJob;
import io.tork.model.CancelRemaining;
import io.tork.model.CancelTask;
import io.tork.model.Job;
import io.tork.model.JobState;
import io.tork.model.Limits;
import io.tork.model.Task;
import io.tork.model.TaskCompleted;
import io.tork.model.TaskFailed;
import io.tork.model.TaskState;
import io.tork.model.expr.Bounds;
import io.tork.model.expr.ExpressionException;
import io.tork.model.expr.Templates;
import java.util.Map;

/**
 * How a job moves through its top-level tasks, one after another: the next one starts when one
 * finishes, past the last the job completes (its {@code output} rendered), and a job that fails or
 * is cancelled cancels what still runs, a chunk at a time.
 */
final class JobFlow {
  private JobFlow() {}

  static double round2(double value) {
    return Math.round(value * 100) / 100.0;
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
  static void startAt(Changes ch, int position) {
    startAt(ch, position, 1);
  }

  /** As {@link #startAt(Changes, int)}, the task at {@code position} as attempt {@code attempt}. */
  static void startAt(Changes ch, int position, int attempt) {
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
                Bounds.jobResult(ch.limits()),
                ch.ambient());
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
  static void cancelActive(Changes ch) {
    Changes.Active active = ch.active(Changes.CANCEL_CHUNK);
    for (Task task : active.tasks()) {
      ch.put(task.cancelled(ch.now()));
      if (!task.nodeId().isEmpty()) {
        ch.stop(new CancelTask(task.nodeId(), ch.job().id(), task.id()));
      }
      if (!task.subJobId().isEmpty()) {
        ch.send(new Message.SendCommand(new CancelJob(task.subJobId(), ch.now())));
      }
      if (task.spec().dag() != null) {
        ch.dropList(task.id()); // its kept graph
      }
    }
    if (active.more()) {
      ch.send(new Message.SendCommand(new CancelRemaining(ch.job().id(), ch.now())));
    }
  }
}
