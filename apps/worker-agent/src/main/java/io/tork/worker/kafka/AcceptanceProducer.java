package io.tork.worker.kafka;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The producer of a worker's task acceptances (ADR 5): each of its transactions writes the accepted
 * tasks' RUNNING events and the queue's offsets together.
 */
public final class AcceptanceProducer {
  /**
   * The acceptance transaction's timeout. A worker killed inside an acceptance holds the queue
   * partitions it was committing until the broker aborts the transaction: this long, plus the
   * broker's sweep for timed-out transactions (every 10 s by default). An acceptance that outlives
   * it (a broker failing over) is aborted by the broker, and the worker reads its tasks again.
   */
  public static final int TRANSACTION_TIMEOUT_MS = 10_000;

  private AcceptanceProducer() {}

  /** The whole configuration of such a producer of a plaintext cluster (tests, tools). */
  public static Map<String, Object> config(String bootstrapServers, String transactionalId) {
    Map<String, Object> config = new java.util.HashMap<>(config(transactionalId));
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return config;
  }

  /**
   * The producer's own settings (the process's connection settings go with them); {@code
   * transactionalId} is the worker's node and queue.
   */
  public static Map<String, Object> config(String transactionalId) {
    return Map.of(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
        transactionalId,
        // A worker killed inside an acceptance leaves its transaction open, and its offsets with
        // it: whoever takes the partition over cannot read its committed position until the
        // broker aborts that transaction, after this timeout (60 s by default: a crashed worker's
        // re-dispatched tasks waited a minute). An acceptance takes milliseconds when the brokers
        // are up; the worker's transactional id is new each run, so nothing else ever fences it.
        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
        TRANSACTION_TIMEOUT_MS,
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
        true,
        ProducerConfig.ACKS_CONFIG,
        "all",
        ProducerConfig.LINGER_MS_CONFIG,
        0,
        // Back-to-back transactions: the next one may meet the coordinator still completing the
        // last (CONCURRENT_TRANSACTIONS) and retries after this backoff, 100 ms by default.
        ProducerConfig.RETRY_BACKOFF_MS_CONFIG,
        5);
  }
}
