package io.tork.worker.kafka;

import io.tork.kafka.KafkaClients;
import io.tork.model.Limits;
import io.tork.model.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to run a worker.
 *
 * @param kafka the clients it makes, with the process's connection settings and meters
 * @param queues queue name -> how many of its tasks this worker runs at once
 * @param defaultCpus CPU limit for tasks that set none ("" = none)
 * @param defaultMemory memory limit for tasks that set none ("" = none)
 * @param heartbeatInterval how often the worker says it is alive
 * @param limits what a task's log, result and error may hold, and the largest record sent
 */
public record WorkerSettings(
    KafkaClients kafka,
    Topics topics,
    String nodeId,
    Map<String, Integer> queues,
    int partitions,
    short replicationFactor,
    String defaultCpus,
    String defaultMemory,
    Duration heartbeatInterval,
    Limits limits) {

  public WorkerSettings {
    queues = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(queues));
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);

  /** Concurrency of the default queue when no --queue is given. */
  public static final int DEFAULT_QUEUE_CONCURRENCY = 4;

  /** Parses repeated {@code --queue NAME:N} flags; none means {@code default:4}. */
  public static Map<String, Integer> parseQueues(java.util.List<String> flags) {
    Map<String, Integer> queues = new java.util.LinkedHashMap<>();
    for (String flag : flags) {
      Map.Entry<String, Integer> queue = parseQueue(flag);
      queues.put(queue.getKey(), queue.getValue());
    }
    if (queues.isEmpty()) {
      queues.put("default", DEFAULT_QUEUE_CONCURRENCY);
    }
    return queues;
  }

  /** Parses {@code name:concurrency} (concurrency defaults to 1). */
  public static Map.Entry<String, Integer> parseQueue(String flag) {
    int colon = flag.lastIndexOf(':');
    String name = colon < 0 ? flag : flag.substring(0, colon);
    int concurrency;
    try {
      concurrency = colon < 0 ? 1 : Integer.parseInt(flag.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--queue " + flag + ": concurrency must be a number");
    }
    if (name.isBlank() || concurrency < 1) {
      throw new IllegalArgumentException("--queue " + flag + ": expected NAME:N with N >= 1");
    }
    return Map.entry(name, concurrency);
  }
}
