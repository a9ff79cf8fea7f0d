package io.tork.gateway.core;

import io.tork.model.JobCommand;
import io.tork.model.ScheduleCommand;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * What the gateway sends the engine. Each future completes once the engine's log has durably
 * accepted the message, or fails with the reason; nothing is retried here (a client retries).
 */
public interface JobCommands {
  /**
   * Submits a job document as received (or as the gateway rewrote it), under {@code jobId}, made by
   * {@code createdBy} at {@code createdAt}.
   */
  CompletableFuture<Void> publish(
      String jobId, byte[] document, String contentType, Instant createdAt, String createdBy);

  /** Sends a cancel or restart to the scheduler that owns the job. */
  CompletableFuture<Void> publish(JobCommand command);

  /** Sends a scheduled job's create, pause, resume or delete. */
  CompletableFuture<Void> publish(ScheduleCommand command);
}
