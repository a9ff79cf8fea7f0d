package io.tork.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The client settings the engine's delivery rests on, over which each client sets its own. */
public final class DeliverySettings {
  private DeliverySettings() {}

  /** A producer of what must not be lost: acknowledged by every in-sync replica, written once. */
  public static final Map<String, Object> DURABLE_PRODUCER =
      Map.of(
          ProducerConfig.ACKS_CONFIG,
          "all",
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
          true,
          ProducerConfig.LINGER_MS_CONFIG,
          0);

  /** {@link #DURABLE_PRODUCER}, for sends someone waits on: one fails within 30 s (10 s a try). */
  public static final Map<String, Object> ANSWERED_PRODUCER =
      with(
          DURABLE_PRODUCER,
          Map.of(
              ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
              30_000,
              ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
              10_000));

  /** A consumer of committed records only, whose position its owner commits (or keeps). */
  public static final Map<String, Object> COMMITTED_READS =
      Map.of(
          ConsumerConfig.ISOLATION_LEVEL_CONFIG,
          "read_committed",
          ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
          false);

  /** {@code base} with {@code more} over it. */
  public static Map<String, Object> with(Map<String, ?> base, Map<String, ?> more) {
    Map<String, Object> out = new HashMap<>(base);
    out.putAll(more);
    return Map.copyOf(out);
  }
}
