package io.tork.worker.core;

import io.tork.model.TaskEvent;
import io.tork.model.TaskLogPart;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Where a worker reports to. */
public interface EventPublisher {
  /**
   * Sends a task event to the scheduler; blocks until it is durably accepted.
   *
   * @throws RuntimeException when it cannot be sent, with a message that says why (an event over
   *     the record limit names the limit and its flag)
   */
  void publish(TaskEvent event);

  /**
   * Sends an event whose loss costs little (a progress value) without waiting; a failure is logged,
   * not thrown.
   */
  default void publishAsync(TaskEvent event) {
    publish(event);
  }

  /**
   * Ships a part of a task's log without waiting.
   *
   * @return completes when the part is stored, or exceptionally when it cannot be
   */
  default CompletionStage<Void> publishLog(TaskLogPart part) {
    return CompletableFuture.completedFuture(null);
  }
}
