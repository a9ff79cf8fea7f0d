package io.tork.scheduler.core;

import io.tork.model.Job;
import io.tork.model.JobCommand;
import io.tork.model.Limits;
import io.tork.model.Task;
import io.tork.model.TaskEvent;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@link JobMachine#decide} by the kind of input, with a seed of 0 and the default limits unless
 * given: the tests' shorthand.
 */
final class Decisions {
  private Decisions() {}

  /** A job document was accepted: schedule its first task. */
  public static Decision submitted(Job job, @Nullable Job existing, Instant now, IdSource ids) {
    return submitted(job, existing, now, ids, Limits.DEFAULTS);
  }

  public static Decision submitted(
      Job job, @Nullable Job existing, Instant now, IdSource ids, Limits limits) {
    return JobMachine.decide(
        new JobInput.Submitted(job, existing, now, 0), ids, TaskLookup.NONE, limits);
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
    return JobMachine.decide(new JobInput.Reported(job, task, event, now, 0), ids, lookup, limits);
  }

  /** A user's command; {@code active} are the job's task records that have not ended. */
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
    return JobMachine.decide(new JobInput.Commanded(job, command, now, 0), ids, lookup, limits);
  }

  /** The node running {@code task} stopped heartbeating. */
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
    return JobMachine.decide(new JobInput.NodeLost(job, task, nodeId, now, 0), ids, lookup, limits);
  }

  /** The engine could not carry out what it decided for {@code job}. */
  public static Decision onIncident(
      Job job, String reason, Instant now, IdSource ids, TaskLookup lookup, Limits limits) {
    return JobMachine.decide(new JobInput.Incident(job, reason, now, 0), ids, lookup, limits);
  }

  /** The delay of the waiting retry {@code task} may be over. */
  public static Decision onRetryDue(
      Job job, Task task, Instant now, IdSource ids, TaskLookup lookup) {
    return JobMachine.decide(
        new JobInput.RetryDue(job, task, now, 0), ids, lookup, Limits.DEFAULTS);
  }

  /** The job's deadline may have passed. */
  public static Decision onDeadline(Job job, Instant now, IdSource ids, TaskLookup lookup) {
    return JobMachine.decide(
        new JobInput.DeadlinePassed(job, now, 0), ids, lookup, Limits.DEFAULTS);
  }
}
