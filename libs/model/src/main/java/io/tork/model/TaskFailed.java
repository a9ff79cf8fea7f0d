package io.tork.model;

import java.time.Instant;

/**
 * The task failed; {@code error} says why (exit code and output tail, timeout, ...), empty when the
 * record leaves it out.
 */
public record TaskFailed(String jobId, String taskId, String error, Instant at)
    implements TaskEvent {
  public TaskFailed {
    error = Strings.orEmpty(error);
  }
}
