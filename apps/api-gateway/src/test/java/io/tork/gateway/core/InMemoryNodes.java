package io.tork.gateway.core;

import io.tork.model.Heartbeat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Nodes and queues in memory: the latest heartbeat of each node, the queues and their workers. */
public final class InMemoryNodes implements NodeReads, QueueReads {
  private final Map<String, Heartbeat> nodes = new ConcurrentHashMap<>();
  private final Map<String, Integer> queues = new TreeMap<>();

  /** A node heard from (a later heartbeat of the same node replaces it, as the view's does). */
  public InMemoryNodes heard(Heartbeat heartbeat) {
    nodes.merge(
        heartbeat.nodeId(), heartbeat, (old, next) -> next.at().isBefore(old.at()) ? old : next);
    return this;
  }

  /** A queue the cluster has, with {@code subscribers} workers in its group. */
  public synchronized InMemoryNodes queue(String name, int subscribers) {
    queues.put(name, subscribers);
    return this;
  }

  @Override
  public List<Heartbeat> all() {
    return List.copyOf(nodes.values());
  }

  @Override
  public synchronized List<String> names() {
    return List.copyOf(queues.keySet());
  }

  @Override
  public synchronized Optional<QueueInfo> find(String name, long waiting) {
    Integer subscribers = queues.get(name);
    return Optional.ofNullable(subscribers).map(s -> new QueueInfo(name, waiting, s));
  }

  /** The queue goes, as if its topic were deleted. */
  public synchronized InMemoryNodes forget(String name) {
    queues.remove(name);
    return this;
  }

  @Override
  public synchronized List<QueueInfo> all(Map<String, Long> waiting) {
    return queues.entrySet().stream()
        .map(q -> new QueueInfo(q.getKey(), waiting.getOrDefault(q.getKey(), 0L), q.getValue()))
        .toList();
  }
}
