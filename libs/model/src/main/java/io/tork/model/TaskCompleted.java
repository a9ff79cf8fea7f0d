package io.tork.model;

import java.time.Instant;

/**
 * The task ran to success; {@code result} is what it wrote to {@code $TORK_OUTPUT} (empty when
 * nothing, also when the record leaves it out).
 */
public record TaskCompleted(String jobId, String taskId, String result, Instant at)
    implements TaskEvent {
  public TaskCompleted {
    result = Strings.orEmpty(result);
  }
}
