package io.tork.model;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A job as the engine tracks it. Its size is bounded by its definition, never by the number of task
 * records it has produced (those live apart, keyed by task id), so one event costs the same in a
 * job of 2 tasks or of 10,000.
 *
 * @param position 1-based index of the current top-level task; {@code tasks.size() + 1} when done
 * @param taskSeq how many task records this job has created (orders its execution list)
 * @param outputs the results of tasks that declared a {@code var}, by that name
 */
public record Job(
    String id,
    String name,
    String description,
    JobState state,
    Instant createdAt,
    @Nullable Instant startedAt,
    @Nullable Instant completedAt,
    @Nullable Instant failedAt,
    int position,
    int taskSeq,
    Map<String, String> inputs,
    Map<String, String> outputs,
    List<TaskSpec> tasks,
    String error,
    String result) {

  public Job {
    name = Strings.orEmpty(name);
    description = Strings.orEmpty(description);
    inputs = Strings.copy(inputs);
    outputs = Strings.copy(outputs);
    tasks = Strings.copy(tasks);
    error = Strings.orEmpty(error);
    result = Strings.orEmpty(result);
  }

  /** A freshly accepted job, PENDING, before the scheduler has looked at it. */
  public static Job pending(String id, JobSpec spec, Instant createdAt) {
    return new Job(
        id,
        spec.name(),
        spec.description(),
        JobState.PENDING,
        createdAt,
        null,
        null,
        null,
        0,
        0,
        spec.inputs(),
        Map.of(),
        spec.tasks(),
        "",
        "");
  }

  /** A document that could not be accepted: FAILED from the start, with the reason. */
  public static Job rejected(String id, String name, String reason, Instant at) {
    return new Job(
        id,
        name,
        "",
        JobState.FAILED,
        at,
        null,
        null,
        at,
        0,
        0,
        Map.of(),
        Map.of(),
        List.of(),
        reason,
        "");
  }

  public int taskCount() {
    return tasks.size();
  }

  public Job withState(JobState newState) {
    return new Job(
        id,
        name,
        description,
        newState,
        createdAt,
        startedAt,
        completedAt,
        failedAt,
        position,
        taskSeq,
        inputs,
        outputs,
        tasks,
        error,
        result);
  }

  public Job scheduled(int newPosition, int newTaskSeq) {
    return new Job(
        id,
        name,
        description,
        JobState.SCHEDULED,
        createdAt,
        startedAt,
        completedAt,
        failedAt,
        newPosition,
        newTaskSeq,
        inputs,
        outputs,
        tasks,
        error,
        result);
  }

  public Job advanced(int newPosition, int newTaskSeq, Map<String, String> newOutputs) {
    return new Job(
        id,
        name,
        description,
        state,
        createdAt,
        startedAt,
        completedAt,
        failedAt,
        newPosition,
        newTaskSeq,
        inputs,
        newOutputs,
        tasks,
        error,
        result);
  }

  public Job running(Instant at) {
    return new Job(
        id,
        name,
        description,
        JobState.RUNNING,
        createdAt,
        startedAt == null ? at : startedAt,
        completedAt,
        failedAt,
        position,
        taskSeq,
        inputs,
        outputs,
        tasks,
        error,
        result);
  }

  public Job completed(Instant at, String newResult) {
    return new Job(
        id,
        name,
        description,
        JobState.COMPLETED,
        createdAt,
        startedAt,
        at,
        failedAt,
        position,
        taskSeq,
        inputs,
        outputs,
        tasks,
        error,
        newResult);
  }

  public Job cancelled(Instant at) {
    return new Job(
        id,
        name,
        description,
        JobState.CANCELLED,
        createdAt,
        startedAt,
        completedAt,
        failedAt,
        position,
        taskSeq,
        inputs,
        outputs,
        tasks,
        error,
        result);
  }

  /** Back to RUNNING from FAILED or CANCELLED, error cleared, to resume at {@code position}. */
  public Job restarted() {
    return new Job(
        id,
        name,
        description,
        JobState.RUNNING,
        createdAt,
        startedAt,
        null,
        null,
        position,
        taskSeq,
        inputs,
        outputs,
        tasks,
        "",
        result);
  }

  public Job failed(Instant at, String reason) {
    return new Job(
        id,
        name,
        description,
        JobState.FAILED,
        createdAt,
        startedAt,
        completedAt,
        at,
        position,
        taskSeq,
        inputs,
        outputs,
        tasks,
        reason,
        result);
  }

  /** This job's outputs plus one more entry. */
  public Map<String, String> outputsWith(String var, String value) {
    Map<String, String> next = new HashMap<>(outputs);
    next.put(var, value);
    return next;
  }
}
