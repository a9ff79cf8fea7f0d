package io.tork.worker.core;

import io.tork.model.TaskEvent;
import io.tork.model.TaskLogPart;

/** Where a worker reports to. */
public interface EventPublisher {
  /** Sends a task event to the scheduler; blocks until it is durably accepted. */
  void publish(TaskEvent event);

  /**
   * Sends an event whose loss costs little (a progress value) without waiting; a failure is logged,
   * not thrown.
   */
  default void publishAsync(TaskEvent event) {
    publish(event);
  }

  /** Ships a part of a task's log without waiting; a failure is logged, not thrown. */
  default void publishLog(TaskLogPart part) {}
}
