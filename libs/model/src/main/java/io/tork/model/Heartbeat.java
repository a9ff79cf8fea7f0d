package io.tork.model;

import java.time.Instant;
import java.util.Map;

/**
 * A node's periodic sign of life, on the {@code heartbeats} topic keyed by node id. A worker that
 * stops sending them is declared dead after the node expiry, and its tasks run again elsewhere.
 *
 * @param role worker, scheduler or gateway
 * @param queues queue name -> concurrency (workers)
 * @param running how many tasks the node runs now
 */
public record Heartbeat(
    String nodeId,
    String role,
    String hostname,
    Map<String, Integer> queues,
    int running,
    double cpuPercent,
    long memoryUsedBytes,
    String version,
    Instant startedAt,
    Instant at) {
  public Heartbeat {
    queues = queues == null ? Map.of() : Map.copyOf(queues);
  }
}
