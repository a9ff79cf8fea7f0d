package io.tork.worker.core;

import io.tork.model.TaskEvent;

/** Where a worker reports to. Each method blocks until what it sent is durably accepted. */
public interface EventPublisher {
  /** Sends a task event to the scheduler. */
  void publish(TaskEvent event);
}
