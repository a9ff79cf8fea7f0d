package io.tork.gateway.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The queues the cluster has. The reads block (call them off the event loop). */
public interface QueueReads {
  /** One queue, as {@code GET /queues} shows it. */
  record QueueInfo(String name, long size, int subscribers) {}

  /** The names of the queues, sorted. */
  List<String> names() throws InterruptedException;

  /** The queue {@code name} with {@code waiting} tasks, if the cluster has it. */
  Optional<QueueInfo> find(String name, long waiting) throws InterruptedException;

  /** Every queue, sorted by name, with {@code waiting}'s count of its tasks (0 when absent). */
  List<QueueInfo> all(Map<String, Long> waiting) throws InterruptedException;
}
