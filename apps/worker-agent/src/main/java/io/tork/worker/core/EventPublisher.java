package io.tork.worker.core;

import io.tork.model.Task;
import io.tork.model.TaskEvent;

/** Where a worker reports to. Each method blocks until what it sent is durably accepted. */
public interface EventPublisher {
  /** Sends a task event to the scheduler. */
  void publish(TaskEvent event);

  /**
   * Returns an unfinished task to its queue (the worker is shutting down), so that a worker runs it
   * again. The scheduler ignores the repeated start of a task it already sees running.
   */
  void handBack(Task task);
}
