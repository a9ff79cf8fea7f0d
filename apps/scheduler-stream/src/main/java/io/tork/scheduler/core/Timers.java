package io.tork.scheduler.core;

import io.tork.model.Job;
import io.tork.model.Task;
import io.tork.model.TaskState;

/**
 * What a timer that came due decides: a waiting retry goes to its queue, a job past its deadline
 * fails. The engine fires a timer at or after its time, and may fire one that no longer applies (a
 * retry cancelled while it waited, a job restarted with a later deadline, or ended): that decides
 * nothing.
 */
final class Timers {
  private Timers() {}

  /** The retry waited its delay: SCHEDULED on its queue. */
  static Decision retryDue(JobInput.RetryDue in, Changes ch) {
    Task task = in.task();
    if (in.job().state().isTerminal()
        || task.state() != TaskState.PENDING
        || task.dueAt() == null
        || task.dueAt().isAfter(in.now())) {
      return Decision.NOTHING;
    }
    ch.dispatch(ch.put(task.due(in.now())));
    return ch.decision();
  }

  /**
   * The job ran past its {@code timeout}: FAILED with {@code job timed out after <timeout as
   * written>}; what it runs is cancelled (stopped on its nodes, sub-jobs cancelled), as for any
   * failure, so nothing more starts.
   */
  static Decision deadlinePassed(JobInput.DeadlinePassed in, Changes ch) {
    Job job = in.job();
    if (job.state().isTerminal() || job.deadline() == null || job.deadline().isAfter(in.now())) {
      return Decision.NOTHING;
    }
    JobFlow.failJob(ch, "job timed out after " + job.timeout());
    return ch.decision();
  }
}
