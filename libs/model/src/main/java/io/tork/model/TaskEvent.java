package io.tork.model;

import java.time.Instant;

/**
 * What a worker reports about a task record. Keyed by job id on the {@code task-events} topic so
 * that every event of a job reaches the one scheduler instance that owns the job.
 */
public sealed interface TaskEvent
    permits TaskStarted, TaskCompleted, TaskFailed, TaskReturned, TaskProgress {
  String jobId();

  String taskId();

  Instant at();
}
