package io.tork.model;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of one task, as the engine tracks it. A retry or a re-dispatch is a new record with a
 * new id, so an event that names an old attempt is recognisably stale.
 *
 * @param seq creation order within the job (orders the job's execution list)
 * @param position 1-based index of the top-level task this record runs
 * @param attempt 1 for the first run, then one more for each retry or recovery
 * @param recoveries how many times the task was re-dispatched because its node died (these attempts
 *     do not count against {@code retry.limit})
 * @param spec the task definition with its expressions already evaluated
 * @param queue the queue the task was routed to
 */
public record Task(
    String id,
    String jobId,
    int seq,
    int position,
    int attempt,
    int recoveries,
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
        0,
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

  /** The same task again, as a new record: a retry ({@code recovery} false) or a recovery. */
  public Task again(String newId, int newSeq, boolean recovery, Instant at) {
    return new Task(
        newId,
        jobId,
        newSeq,
        position,
        attempt + 1,
        recoveries + (recovery ? 1 : 0),
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

  /** Given back unfinished by a node that shut down: waiting on its queue again, on no node. */
  public Task returned(Instant at) {
    return new Task(
        id,
        jobId,
        seq,
        position,
        attempt,
        recoveries,
        TaskState.SCHEDULED,
        spec,
        queue,
        createdAt,
        at,
        null,
        completedAt,
        failedAt,
        "",
        result,
        error);
  }

  public Task running(String node, Instant at) {
    return new Task(
        id,
        jobId,
        seq,
        position,
        attempt,
        recoveries,
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
        recoveries,
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
        recoveries,
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
        recoveries,
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
        recoveries,
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
