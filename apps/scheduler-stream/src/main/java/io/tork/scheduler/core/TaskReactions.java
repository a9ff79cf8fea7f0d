package io.tork.scheduler.core;

import io.tork.model.CancelTask;
import io.tork.model.Job;
import io.tork.model.JobState;
import io.tork.model.Limits;
import io.tork.model.RetrySpec;
import io.tork.model.Sizes;
import io.tork.model.Task;
import io.tork.model.TaskCompleted;
import io.tork.model.TaskFailed;
import io.tork.model.TaskProgress;
import io.tork.model.TaskReturned;
import io.tork.model.TaskStarted;
import io.tork.model.TaskState;
import java.time.Duration;

/**
 * How a task record reacts to what its worker reports: started, completed, failed (retried while
 * {@code retry.limit} allows), given back, progressed. The record's job moves on through {@link
 * JobFlow}.
 */
final class TaskReactions {
  private TaskReactions() {}

  static void started(Changes ch, Task task, TaskStarted event) {
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
  static void completed(Changes ch, Task task, TaskCompleted event) {
    long size = Sizes.utf8(event.result());
    long max = ch.limits().maxResultBytes();
    if (size > max) {
      String error = Limits.exceeded("task output", size, max, "maxResultBytes");
      failed(ch, task, new TaskFailed(event.jobId(), event.taskId(), error, event.at()));
      return;
    }
    JobFlow.finished(ch, ch.put(task.completed(event.result(), event.at())));
  }

  /**
   * Tork's progress: the task's value clamped to 0..100; a top-level task moves the job's progress
   * to {@code ((position - 1) + p / 100) / taskCount * 100}, rounded to 2 places.
   */
  static void progressed(Changes ch, Task task, TaskProgress event) {
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
              .progress(JobFlow.round2(((task.position() - 1) + p / 100) / job.taskCount() * 100))
              .build());
    }
  }

  /** A node shutting down gave the task back: the same record goes back to its queue. */
  static void returned(Changes ch, Task task, TaskReturned event) {
    if (task.state() != TaskState.RUNNING || !task.nodeId().equals(event.nodeId())) {
      return; // already moved on (recovered, or returned twice)
    }
    Task again = ch.put(task.returned(event.at()));
    ch.dispatch(again);
  }

  /** A failure, its error text cut to {@link Limits#maxErrorBytes} (its end kept). */
  static void failed(Changes ch, Task task, TaskFailed event) {
    String error = Sizes.keepTail(event.error(), ch.limits().maxErrorBytes());
    Task failed = task.failed(error, event.at());
    RetrySpec retry = task.spec().retry();
    // Recoveries (re-runs after a node died) do not count against the retry limit.
    if (retry != null && task.retries() < retry.limit()) {
      rerun(ch, failed, false);
      return;
    }
    ch.put(failed);
    JobFlow.failJob(ch, error);
  }

  /**
   * {@code ended} runs again as a new record of the same task (a retry or a recovery). A retry
   * whose {@code retry} backs off waits PENDING until its delay is over ({@link Timers#retryDue});
   * a recovery is dispatched at once.
   */
  static void rerun(Changes ch, Task ended, boolean recovery) {
    ch.put(ended);
    Task next = ended.again(ch.newId(), ch.nextSeq(), recovery, ch.now());
    RetrySpec retry = ended.spec().retry();
    Duration delay = recovery || retry == null ? Duration.ZERO : retry.delayBefore(next.retries());
    next = ch.put(delay.isZero() ? next : next.waiting(ch.now().plus(delay)));
    if (!next.isChild()) {
      ch.job(ch.job().toBuilder().attempt(next.attempt()).build());
    }
    if (delay.isZero()) {
      ch.dispatch(next);
    }
  }
}
