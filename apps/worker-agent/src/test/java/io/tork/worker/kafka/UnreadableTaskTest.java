package io.tork.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.TaskFailed;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UnreadableTaskTest {
  private static final Instant AT = Instant.EPOCH;

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aRecordWithReadableIdsFailsItsTaskWithTheReason() {
    assertThat(
            UnreadableTask.failure(
                utf8("{\"id\": \"t1\", \"jobId\": \"j1\", \"spec\": 42}"), "cannot read", AT))
        .contains(new TaskFailed("j1", "t1", "cannot read", AT));
  }

  @Test
  void aRecordWithoutIdsOrNotJsonFailsNothing() {
    assertThat(UnreadableTask.failure(utf8("not a task"), "why", AT)).isEmpty();
    assertThat(UnreadableTask.failure(utf8("{\"id\": \"t1\"}"), "why", AT)).isEmpty();
    assertThat(UnreadableTask.failure(utf8("[1, 2]"), "why", AT)).isEmpty();
    assertThat(UnreadableTask.failure(null, "why", AT)).isEmpty();
  }

  @Test
  void aLongReasonIsCut() {
    String reason =
        UnreadableTask.failure(utf8("{\"id\": \"t\", \"jobId\": \"j\"}"), "x".repeat(5000), AT)
            .orElseThrow()
            .error();
    assertThat(reason).hasSize(1024 + 3).endsWith("...");
  }
}
