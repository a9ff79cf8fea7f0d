package io.tork.gateway.kafka;

import io.tork.gateway.core.NodeReads;
import io.tork.kafka.Health;
import io.tork.kafka.KafkaClientFactory;
import io.tork.kafka.KafkaClients;
import io.tork.kafka.RestartingLoop;
import io.tork.kafka.WholeTopicReader;
import io.tork.model.Heartbeat;
import io.tork.model.Topics;
import io.tork.model.codec.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest heartbeat of every node, from the {@code heartbeats} topic (kept an hour, so this map
 * holds the nodes of the last hour, not of all history). Its consumer runs in a {@link
 * RestartingLoop}: an unexpected error restarts it, and {@code /health} shows it DOWN meanwhile.
 */
public final class NodeViews implements NodeReads, AutoCloseable {
  /** The component {@link Health} knows this view by. */
  public static final String NAME = "node-views";

  private static final Logger log = LoggerFactory.getLogger(NodeViews.class);

  private final KafkaClientFactory kafka;
  private final String topic;
  private final Health health;
  private final Map<String, Heartbeat> nodes = new ConcurrentHashMap<>();
  private volatile @Nullable WholeTopicReader reader;

  public NodeViews(String bootstrapServers, Topics topics) {
    this(KafkaClients.to(bootstrapServers), topics, new Health());
  }

  public NodeViews(KafkaClientFactory kafka, Topics topics, Health health) {
    this.kafka = kafka;
    this.topic = topics.heartbeats();
    this.health = health;
  }

  public void start() {
    reader =
        new WholeTopicReader(
                kafka,
                Map.of(
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    false,
                    ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG,
                    false),
                topic,
                this::read)
            .start(NAME, health);
  }

  @Override
  public List<Heartbeat> all() {
    return List.copyOf(nodes.values());
  }

  private void read(
      Consumer<String, byte[]> consumer,
      List<TopicPartition> partitions,
      BooleanSupplier stopping) {
    health.up(NAME);
    while (!stopping.getAsBoolean()) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
        apply(record);
      }
    }
  }

  private void apply(ConsumerRecord<String, byte[]> record) {
    if (record.key() == null || record.value() == null) {
      return;
    }
    try {
      Heartbeat heartbeat = Json.read(record.value(), Heartbeat.class);
      nodes.merge(
          record.key(), heartbeat, (old, next) -> next.at().isBefore(old.at()) ? old : next);
    } catch (RuntimeException e) {
      log.atWarn().addKeyValue("key", record.key()).log("unreadable heartbeat skipped");
    }
  }

  @Override
  public void close() {
    WholeTopicReader running = reader;
    if (running != null) {
      running.close();
    }
  }
}
