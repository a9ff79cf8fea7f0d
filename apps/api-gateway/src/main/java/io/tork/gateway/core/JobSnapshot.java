package io.tork.gateway.core;

import io.tork.model.Job;
import io.tork.model.Task;
import io.tork.model.codec.Redaction;
import java.util.List;
import java.util.Map;

/**
 * A job as the view holds it: the first of its task records in creation order (a bounded number;
 * the rest are read in pages), how many it has in all, what its tasks' {@code var}s hold, and the
 * secrets to redact from anything shown of it.
 *
 * @param execution the first task records, in creation order
 * @param executionCount how many task records the job has
 * @param outputs var -> the latest output of a task with that var
 */
public record JobSnapshot(
    Job job,
    List<Task> execution,
    int executionCount,
    Map<String, String> outputs,
    Redaction redaction) {
  public JobSnapshot {
    execution = List.copyOf(execution);
    outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
  }
}
