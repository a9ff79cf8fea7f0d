package io.tork.gateway.kafka;

import io.tork.model.Heartbeat;
import io.tork.model.Topics;
import io.tork.model.codec.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The latest heartbeat of every node, from the {@code heartbeats} topic. */
public final class NodeViews implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeViews.class);

  private final String topic;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Map<String, Heartbeat> nodes = new ConcurrentHashMap<>();
  private final Thread thread = Thread.ofPlatform().name("node-views").unstarted(this::run);
  private volatile boolean stopping;

  public NodeViews(String bootstrapServers, Topics topics) {
    this.topic = topics.heartbeats();
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new ByteArrayDeserializer());
  }

  public void start() {
    thread.start();
  }

  public List<Heartbeat> all() {
    return List.copyOf(nodes.values());
  }

  private void run() {
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic, Duration.ofSeconds(60))
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (!stopping) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.key() != null && record.value() != null) {
            try {
              Heartbeat heartbeat = Json.read(record.value(), Heartbeat.class);
              nodes.merge(
                  record.key(),
                  heartbeat,
                  (old, next) -> next.at().isBefore(old.at()) ? old : next);
            } catch (IllegalArgumentException e) {
              log.atWarn().addKeyValue("key", record.key()).log("unreadable heartbeat skipped");
            }
          }
        }
      }
    } catch (WakeupException e) {
      if (!stopping) {
        throw e;
      }
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  @Override
  public void close() {
    stopping = true;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
