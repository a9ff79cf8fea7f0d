package io.tork.scheduler.kafka;

/** Makes sure the topic of a queue exists before a task is dispatched to it. */
@FunctionalInterface
public interface QueueTopics {
  QueueTopics ASSUME_PRESENT = name -> {};

  /** Idempotent and cheap after the first call for a name. */
  void ensure(String queueName);
}
