package io.tork.worker.core;

import io.tork.model.Task;

/**
 * Runs one task: its {@code pre} tasks, the task itself, then its {@code post} tasks, in that
 * order, on this node, sharing the task's volumes.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>A task failure (non-zero exit, missing image, timeout, cancellation) is an outcome, never
 *       an exception: {@link TaskOutcome.Failed} with a message a user can act on.
 *   <li>Blocks until the task ends. Enforces {@link Execution#timeout()} over pre + main + post.
 *   <li>Stops its containers promptly (within a few seconds) once {@link Execution#cancel()} is
 *       called, and then returns {@link TaskOutcome.Failed}.
 *   <li>Removes every container, volume and temporary file it created, on every path.
 *   <li>Safe to call from several threads at once, for different tasks.
 * </ul>
 */
public interface Runtime extends AutoCloseable {
  TaskOutcome run(Task task, Execution execution);

  /**
   * Removes what a dead node of this host left running or lying around (containers, volumes): its
   * tasks run again elsewhere. Nothing of any other node.
   */
  default void removeOrphansOf(String deadNodeId) {}

  /** Releases what the runtime holds (a Docker connection); after the worker stopped. */
  @Override
  default void close() {}
}
