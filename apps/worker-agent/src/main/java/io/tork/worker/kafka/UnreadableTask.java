package io.tork.worker.kafka;

import io.tork.model.TaskFailed;
import io.tork.model.codec.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A queue record that is not a task this worker can read (written by a newer engine, or damaged):
 * if its ids can be read, its task fails with the reason rather than waiting for ever.
 */
final class UnreadableTask {
  // Of a reason that may quote the record: enough to tell what went wrong.
  private static final int MAX_REASON = 1024;

  private UnreadableTask() {}

  static Optional<TaskFailed> failure(byte @Nullable [] value, String why, Instant at) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      if (Json.parseValue(new String(value, StandardCharsets.UTF_8)) instanceof Map<?, ?> task
          && task.get("id") instanceof String id
          && task.get("jobId") instanceof String jobId
          && !id.isBlank()
          && !jobId.isBlank()) {
        String reason = why.length() > MAX_REASON ? why.substring(0, MAX_REASON) + "..." : why;
        return Optional.of(new TaskFailed(jobId, id, reason, at));
      }
      return Optional.empty();
    } catch (IllegalArgumentException notJson) {
      return Optional.empty();
    }
  }
}
