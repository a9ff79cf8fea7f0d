package io.tork.worker.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * What a {@link QueueConsumer} talks to Kafka and reports with: its consumer and its acceptance
 * producer, new for each run of its loop, and its metric.
 */
final class QueueClients {
  private QueueClients() {}

  /** Reads the queue's band topics as one member of the queue's group, committed records only. */
  static KafkaConsumer<String, byte[]> consumer(
      WorkerSettings settings, String queue, int concurrency) {
    return settings.kafka().consumer(consumerConfig(settings, queue, concurrency));
  }

  /** Accepts tasks (ADR 5); its transactional id is this node's and this queue's. */
  static KafkaProducer<String, byte[]> producer(WorkerSettings settings, String queue) {
    return settings
        .kafka()
        .producer(AcceptanceProducer.config("tork-worker-" + settings.nodeId() + "-" + queue));
  }

  /**
   * {@code tork_task_duration_seconds{queue}}: how long the tasks this worker took ran, from their
   * acceptance to their outcome reported (pre and post tasks included), as a histogram.
   */
  static Timer taskDurations(MeterRegistry registry, String queue) {
    return Timer.builder("tork.task.duration")
        .description("How long tasks ran on this worker, from acceptance to the outcome reported")
        .tag("queue", queue)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(10))
        .maximumExpectedValue(Duration.ofHours(24))
        .register(registry);
  }

  private static Map<String, Object> consumerConfig(
      WorkerSettings settings, String queue, int concurrency) {
    return Map.of(
        ConsumerConfig.GROUP_ID_CONFIG,
        settings.topics().queue(queue),
        ConsumerConfig.CLIENT_ID_CONFIG,
        "worker-" + settings.nodeId() + "-" + queue,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
        false,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        "read_committed",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
        "earliest",
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
        concurrency,
        // A crashed worker's partitions go to the others after this long.
        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
        10_000,
        // Members learn of a rebalance from a heartbeat's answer, and a worker joining takes two
        // cooperative rounds: at the 3 s default, a join waited up to 6 s for the others.
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
        1_000,
        // A worker joining or leaving moves only the partitions that change hands: the others
        // keep taking tasks through the rebalance. Balanced per band topic, so that every
        // worker gets its share of every band.
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        PerTopicStickyAssignor.class.getName());
  }
}
