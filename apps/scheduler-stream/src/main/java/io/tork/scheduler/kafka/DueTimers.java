package io.tork.scheduler.kafka;

import io.tork.model.Job;
import io.tork.model.Limits;
import io.tork.model.Task;
import io.tork.scheduler.core.IdSource;
import io.tork.scheduler.core.JobInput;
import io.tork.scheduler.core.JobMachine;
import io.tork.scheduler.core.JobStore;
import java.time.Clock;
import java.time.Instant;

/**
 * Fires the timers that came due ({@link JobStore#takeDue}): a waiting retry's ({@link
 * JobInput.RetryDue}) and a job's deadline ({@link JobInput.DeadlinePassed}). The timers live in
 * the store, so they survive a restart, and a pass reads only the due ones.
 */
final class DueTimers {
  private final StreamsJobStore stores;
  private final DecisionWriter writer;
  private final Clock clock;
  private final IdSource ids;
  private final Limits limits;
  private final Housekeeping.Guard guard;

  DueTimers(
      StreamsJobStore stores,
      DecisionWriter writer,
      Clock clock,
      IdSource ids,
      Limits limits,
      Housekeeping.Guard guard) {
    this.stores = stores;
    this.writer = writer;
    this.clock = clock;
    this.ids = ids;
    this.limits = limits;
    this.guard = guard;
  }

  void fire() {
    Instant now = clock.instant();
    for (JobStore.Due due : stores.takeDue(now)) {
      String what = due.isDeadline() ? "the job's timeout" : "the retry " + due.taskId();
      guard.guarded(due.jobId(), what, "", () -> fire(due, now));
    }
  }

  private void fire(JobStore.Due due, Instant now) {
    Job job = stores.job(due.jobId());
    if (job == null) {
      return; // removed meanwhile
    }
    long seed = JobInput.seedOf("timer/" + due.jobId() + "/" + due.taskId() + "/" + now);
    JobInput input;
    if (due.isDeadline()) {
      input = new JobInput.DeadlinePassed(job, now, seed);
    } else {
      Task task = stores.task(due.taskId());
      if (task == null || !task.jobId().equals(job.id())) {
        return;
      }
      input = new JobInput.RetryDue(job, task, now, seed);
    }
    writer.apply(JobMachine.decide(input, ids, stores, limits), job, job);
  }
}
