package io.tork.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of one task, as the engine tracks it. A retry or a re-dispatch is a new record with a
 * new id, so an event that names an old attempt is recognisably stale.
 *
 * @param parentId for a child of a {@code parallel} or {@code each} task, that task's record id
 * @param index a child's 0-based place among its parent's children
 * @param seq creation order within the job (orders the job's execution list)
 * @param position 1-based index of the top-level task this record runs (or belongs to)
 * @param attempt 1 for the first run, then one more for each retry or recovery
 * @param recoveries how many times the task was re-dispatched because its node died (these attempts
 *     do not count against {@code retry.limit})
 * @param retries how many of {@code retry.limit} this run of the task has used; a restarted job's
 *     task starts a new run (its {@code attempt} counts on, its retries start again)
 * @param spec the task definition with its expressions already evaluated
 * @param scope what expressions of this task (and its children) see beyond the job's context: the
 *     {@code each} element they run for
 * @param queue the queue the task was routed to
 * @param progress what the task last wrote to {@code $TORK_PROGRESS}, 0..100
 * @param size for a composite task, how many children it has
 * @param completions for a composite task, how many of its children have completed
 * @param planned for a composite task, how many of its children have a record yet: a large one
 *     plans them a chunk at a time, across decisions
 * @param released for an {@code each} task, how many children have been let run so far
 * @param waiting for a {@code dag}'s child held back, how many of its dependencies have not
 *     completed yet (it starts when none is left)
 * @param subJobId for a {@code subjob} task, the child job's id
 * @param dueAt for a retry that backs off, when it is due to start: PENDING until then
 * @param secrets the secret values of the task's job (its {@code secrets}, secret inputs and env,
 *     its parent job's): never shown, sealed wherever the record is stored or sent, and redacted by
 *     the worker from what the task writes (ADR 46)
 */
public record Task(
    String id,
    String jobId,
    String parentId,
    int index,
    int seq,
    int position,
    int attempt,
    int recoveries,
    int retries,
    TaskState state,
    TaskSpec spec,
    Map<String, Object> scope,
    String queue,
    Instant createdAt,
    @Nullable Instant scheduledAt,
    @Nullable Instant startedAt,
    @Nullable Instant completedAt,
    @Nullable Instant failedAt,
    @Nullable Instant dueAt,
    String nodeId,
    String result,
    String error,
    double progress,
    int size,
    int completions,
    int planned,
    int released,
    int waiting,
    String subJobId,
    List<String> secrets) {

  public Task {
    parentId = Strings.orEmpty(parentId);
    scope = scope == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(scope));
    queue = Strings.orEmpty(queue);
    nodeId = Strings.orEmpty(nodeId);
    result = Strings.orEmpty(result);
    error = Strings.orEmpty(error);
    subJobId = Strings.orEmpty(subJobId);
    secrets = Strings.copy(secrets);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
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
    return builder()
        .id(id)
        .jobId(jobId)
        .seq(seq)
        .position(position)
        .attempt(attempt)
        .state(TaskState.SCHEDULED)
        .spec(spec)
        .queue(queue)
        .createdAt(at)
        .scheduledAt(at)
        .build();
  }

  /** The same task again, as a new record: a retry ({@code recovery} false) or a recovery. */
  public Task again(String newId, int newSeq, boolean recovery, Instant at) {
    return toBuilder()
        .id(newId)
        .seq(newSeq)
        .attempt(attempt + 1)
        .recoveries(recoveries + (recovery ? 1 : 0))
        .retries(retries + (recovery ? 0 : 1))
        .state(TaskState.SCHEDULED)
        .createdAt(at)
        .scheduledAt(at)
        .startedAt(null)
        .completedAt(null)
        .failedAt(null)
        .dueAt(null)
        .nodeId("")
        .result("")
        .error("")
        .completions(0)
        .planned(0)
        .released(0)
        .subJobId("")
        .build();
  }

  public String name() {
    return spec.name();
  }

  public boolean isChild() {
    return !parentId.isEmpty();
  }

  /** Given back unfinished by a node that shut down: waiting on its queue again, on no node. */
  public Task returned(Instant at) {
    return toBuilder()
        .state(TaskState.SCHEDULED)
        .scheduledAt(at)
        .startedAt(null)
        .nodeId("")
        .build();
  }

  /** A retry waiting for its delay: PENDING, on no queue yet, due at {@code due}. */
  public Task waiting(Instant due) {
    return toBuilder().state(TaskState.PENDING).scheduledAt(null).dueAt(due).build();
  }

  /** A waiting retry whose delay is over: SCHEDULED on its queue ({@code dueAt} kept). */
  public Task due(Instant at) {
    return toBuilder().state(TaskState.SCHEDULED).scheduledAt(at).build();
  }

  public Task running(String node, Instant at) {
    return toBuilder().state(TaskState.RUNNING).startedAt(at).nodeId(node).build();
  }

  public Task completed(String output, Instant at) {
    return toBuilder().state(TaskState.COMPLETED).completedAt(at).result(output).build();
  }

  public Task failed(String reason, Instant at) {
    return toBuilder().state(TaskState.FAILED).failedAt(at).error(reason).build();
  }

  public Task skipped(Instant at) {
    return toBuilder().state(TaskState.SKIPPED).completedAt(at).build();
  }

  public Task cancelled(Instant at) {
    return toBuilder().state(TaskState.CANCELLED).failedAt(at).build();
  }

  /** Builds task records field by field. */
  public static final class Builder extends TaskFields {
    private Builder() {}

    private Builder(Task t) {
      super(t);
    }
  }
}
