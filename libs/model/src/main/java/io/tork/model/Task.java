package io.tork.model;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of one task, as the engine tracks it. A retry or a re-dispatch is a new record with a
 * new id, so an event that names an old attempt is recognisably stale.
 *
 * @param seq creation order within the job (orders the job's execution list)
 * @param position 1-based index of the top-level task this record runs
 * @param attempt 1 for the first run, 2 for the first retry, ...
 * @param spec the task definition with its expressions already evaluated
 * @param queue the queue the task was routed to
 */
public record Task(
    String id,
    String jobId,
    int seq,
    int position,
    int attempt,
    TaskState state,
    TaskSpec spec,
    String queue,
    Instant createdAt,
    @Nullable Instant scheduledAt,
    @Nullable Instant startedAt,
    @Nullable Instant completedAt,
    @Nullable Instant failedAt,
    String nodeId,
    String result,
    String error) {

  public Task {
    queue = Strings.orEmpty(queue);
    nodeId = Strings.orEmpty(nodeId);
    result = Strings.orEmpty(result);
    error = Strings.orEmpty(error);
  }

  public static Task scheduled(
      String id,
      String jobId,
      int seq,
      int position,
      int attempt,
      TaskSpec spec,
      String queue,
      Instant at) {
    return new Task(
        id,
        jobId,
        seq,
        position,
        attempt,
        TaskState.SCHEDULED,
        spec,
        queue,
        at,
        at,
        null,
        null,
        null,
        "",
        "",
        "");
  }

  public String name() {
    return spec.name();
  }

  public Task running(String node, Instant at) {
    return new Task(
        id,
        jobId,
        seq,
        position,
        attempt,
        TaskState.RUNNING,
        spec,
        queue,
        createdAt,
        scheduledAt,
        at,
        completedAt,
        failedAt,
        node,
        result,
        error);
  }

  public Task completed(String output, Instant at) {
    return new Task(
        id,
        jobId,
        seq,
        position,
        attempt,
        TaskState.COMPLETED,
        spec,
        queue,
        createdAt,
        scheduledAt,
        startedAt,
        at,
        failedAt,
        nodeId,
        output,
        error);
  }

  public Task failed(String reason, Instant at) {
    return new Task(
        id,
        jobId,
        seq,
        position,
        attempt,
        TaskState.FAILED,
        spec,
        queue,
        createdAt,
        scheduledAt,
        startedAt,
        completedAt,
        at,
        nodeId,
        result,
        reason);
  }

  public Task skipped(Instant at) {
    return new Task(
        id,
        jobId,
        seq,
        position,
        attempt,
        TaskState.SKIPPED,
        spec,
        queue,
        createdAt,
        scheduledAt,
        startedAt,
        at,
        failedAt,
        nodeId,
        result,
        error);
  }

  public Task cancelled(Instant at) {
    return new Task(
        id,
        jobId,
        seq,
        position,
        attempt,
        TaskState.CANCELLED,
        spec,
        queue,
        createdAt,
        scheduledAt,
        startedAt,
        completedAt,
        at,
        nodeId,
        result,
        error);
  }
}
