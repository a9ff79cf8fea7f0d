package io.tork.scheduler.core;

import io.tork.model.CancelJob;
import io.tork.model.CancelRemaining;
import io.tork.model.CancelTask;
import io.tork.model.CommandRules;
import io.tork.model.DeleteJob;
import io.tork.model.FailQueued;
import io.tork.model.Job;
import io.tork.model.JobState;
import io.tork.model.Limits;
import io.tork.model.PlanChildren;
import io.tork.model.RestartJob;
import io.tork.model.Sizes;
import io.tork.model.Task;
import io.tork.model.TaskCompleted;
import io.tork.model.TaskFailed;
import io.tork.model.TaskProgress;
import io.tork.model.TaskReturned;
import io.tork.model.TaskStarted;
import io.tork.model.TaskState;
import java.time.Instant;
import java.util.List;
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
 * raise it. Timers ({@link Timers}): a retry that backs off waits PENDING until it is due, and a
 * job with a {@code timeout} fails at its deadline.
 */
public final class JobMachine {
  /** How many times a task is re-dispatched after its node died before it fails. */
  public static final int MAX_RECOVERIES = 5;

  private JobMachine() {}

  /**
   * The one decision: what {@code input} changes. Pure: the time and the seed come with the input,
   * new ids from {@code ids}, the job's other records from {@code lookup}.
   */
  public static Decision decide(JobInput input, IdSource ids, TaskLookup lookup, Limits limits) {
    return switch (input) {
      case JobInput.Submitted in -> submitted(in, ids, limits);
      case JobInput.Reported in -> reported(in, changes(in.job(), in, ids, lookup, limits));
      case JobInput.Commanded in -> commanded(in, changes(in.job(), in, ids, lookup, limits));
      case JobInput.NodeLost in -> nodeLost(in, changes(in.job(), in, ids, lookup, limits));
      case JobInput.Incident in -> incident(in, changes(in.job(), in, ids, lookup, limits));
      case JobInput.RetryDue in -> Timers.retryDue(in, changes(in.job(), in, ids, lookup, limits));
      case JobInput.DeadlinePassed in ->
          Timers.deadlinePassed(in, changes(in.job(), in, ids, lookup, limits));
    };
  }

  private static Changes changes(
      Job job, JobInput input, IdSource ids, TaskLookup lookup, Limits limits) {
    return new Changes(job, input.now(), input.seed(), ids, lookup, limits);
  }

  private static Decision submitted(JobInput.Submitted in, IdSource ids, Limits limits) {
    Job job = in.job();
    if (in.existing() != null) {
      return Decision.NOTHING; // a duplicate submission of the same id
    }
    if (job.state() != JobState.PENDING) {
      return new Decision(job, List.of(), List.of()); // rejected at parse time: store as is
    }
    Changes ch = changes(job, in, ids, TaskLookup.NONE, limits);
    ch.job(job.withState(JobState.SCHEDULED).timing(in.now()));
    JobFlow.startAt(ch, 1);
    return ch.decision();
  }

  private static Decision reported(JobInput.Reported in, Changes ch) {
    Job job = in.job();
    Task task = in.task();
    if (in.event() instanceof TaskStarted started
        && (task.state().isTerminal() || job.state().isTerminal())) {
      // A copy of a record that has ended started somewhere (picked up after its job was
      // cancelled, or a handed-back copy of a task that was recovered meanwhile), or a record of an
      // ended job not cancelled yet (those are cancelled a chunk at a time): stop it there.
      if (task.state().isActive()) {
        ch.put(task.cancelled(in.now()));
      }
      ch.stop(new CancelTask(started.nodeId(), job.id(), task.id()));
      return ch.decision();
    }
    if (job.state().isTerminal() || task.state().isTerminal()) {
      return Decision.NOTHING;
    }
    switch (in.event()) {
      case TaskStarted started -> TaskReactions.started(ch, task, started);
      case TaskCompleted completed -> TaskReactions.completed(ch, task, completed);
      case TaskFailed failed -> TaskReactions.failed(ch, task, failed);
      case TaskReturned returned -> TaskReactions.returned(ch, task, returned);
      case TaskProgress progress -> TaskReactions.progressed(ch, task, progress);
    }
    return ch.decision();
  }

  /**
   * A command that does not apply ({@link CommandRules}) decides nothing. Cancel: every active task
   * is CANCELLED, the ones a node has started are stopped there, sub-jobs are cancelled, and so is
   * the parent of a sub-job. Restart: the task at the job's position runs again as a new record. A
   * deleted queue: its waiting records fail the job ({@link QueueDeletion}).
   */
  private static Decision commanded(JobInput.Commanded in, Changes ch) {
    Job job = in.job();
    if (!CommandRules.refusal(job, in.command()).isEmpty()) {
      return Decision.NOTHING; // sent before the job moved on: the API would refuse it now
    }
    switch (in.command()) {
      case CancelJob cancel -> {
        ch.job(job.cancelled(in.now()));
        JobFlow.cancelActive(ch);
        if (job.isSubJob()) {
          ch.send(new Message.SendCommand(new CancelJob(job.parentJobId(), in.now())));
        }
      }
      case RestartJob restart -> {
        ch.job(job.restarted().timing(in.now()));
        // The task that did not complete runs again as its next attempt, with its retries anew.
        JobFlow.startAt(ch, job.position(), job.attempt() + 1);
      }
      case FailQueued failQueued -> QueueDeletion.failQueued(ch, failQueued);
      case DeleteJob delete -> {
        // Removed by the processor with its records, as retention removes a job: no state here.
      }
      case PlanChildren plan -> Composites.planMore(ch, plan.taskId());
      case CancelRemaining remaining -> {
        if (job.state().isTerminal()) {
          JobFlow.cancelActive(ch);
        }
      }
    }
    return ch.decision();
  }

  /**
   * The task runs again as a new record on its queue (a recovery), at most {@link #MAX_RECOVERIES}
   * times, and the node is told to stop the old attempt in case it was only slow. A task no longer
   * running on that node is left alone.
   */
  private static Decision nodeLost(JobInput.NodeLost in, Changes ch) {
    Job job = in.job();
    Task task = in.task();
    String nodeId = in.nodeId();
    if (job.state().isTerminal()
        || task.state() != TaskState.RUNNING
        || !task.nodeId().equals(nodeId)) {
      return Decision.NOTHING;
    }
    ch.stop(new CancelTask(nodeId, job.id(), task.id()));
    if (task.recoveries() >= MAX_RECOVERIES) {
      String error =
          "node "
              + nodeId
              + " stopped responding; the task was lost with its node "
              + (task.recoveries() + 1)
              + " times, giving up";
      ch.put(task.failed(error, in.now()));
      JobFlow.failJob(ch, error);
    } else {
      Task lost =
          task.failed("node " + nodeId + " stopped responding; task re-dispatched", in.now());
      TaskReactions.rerun(ch, lost, true);
    }
    return ch.decision();
  }

  /**
   * The job fails with the reason, and what it still runs is cancelled, as for any failure. An
   * ended job is left as it is.
   */
  private static Decision incident(JobInput.Incident in, Changes ch) {
    if (in.job().state().isTerminal()) {
      return Decision.NOTHING;
    }
    JobFlow.failJob(ch, Sizes.keepTail(in.reason(), ch.limits().maxErrorBytes()));
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
}
