package io.tork.scheduler.kafka;

/**
 * Whether the topics of a queue exist, asked before a task is dispatched to it. Called on the
 * stream thread for every dispatch, so it never blocks: a name it does not know yet is created off
 * that thread, and the task waits, stored, until its topics are there ({@link HeldDispatches}).
 */
@FunctionalInterface
public interface QueueTopics {
  QueueTopics ASSUME_PRESENT = name -> true;

  /**
   * True once the topics of {@code queueName} exist; false while they are being made (the first
   * call for a name starts making them, and a later call after a failure tries again). Cheap,
   * idempotent and non-blocking.
   */
  boolean ready(String queueName);
}
