package io.tork.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;

/**
 * A consumer of one whole topic, from its start (again after each restart), in a {@link
 * RestartingLoop}: an unexpected error restarts it, and {@link Health} shows it DOWN meanwhile. A
 * close wakes the consumer and waits for it to close.
 */
public final class WholeTopicReader implements AutoCloseable {
  /** What is done with the topic once its consumer holds every partition, at their start. */
  @FunctionalInterface
  public interface Body {
    /** Reads until {@code stopping} says so (or a close wakes the consumer). */
    void read(
        Consumer<String, byte[]> consumer,
        List<TopicPartition> partitions,
        BooleanSupplier stopping);
  }

  private static final Duration FIND_TOPIC = Duration.ofSeconds(60);
  private static final Duration CLOSE = Duration.ofSeconds(15);

  private final KafkaClientFactory kafka;
  private final Map<String, ?> config;
  private final String topic;
  private final Body body;
  private volatile @Nullable RestartingLoop loop;
  private volatile @Nullable Consumer<String, byte[]> current;
  private volatile boolean stopping;

  /** A reader of {@code topic} with a consumer of {@code config}: {@link #start} starts it. */
  public WholeTopicReader(
      KafkaClientFactory kafka, Map<String, ?> config, String topic, Body body) {
    this.kafka = kafka;
    this.config = config;
    this.topic = topic;
    this.body = body;
  }

  /** Starts reading, in a loop {@code health} knows as {@code name}. */
  public WholeTopicReader start(String name, Health health) {
    loop = RestartingLoop.start(name, health, this::run);
    return this;
  }

  private void run(BooleanSupplier loopStopping) {
    try (Consumer<String, byte[]> consumer = kafka.consumer(config)) {
      current = consumer;
      if (stopping) {
        return;
      }
      List<PartitionInfo> found = consumer.partitionsFor(topic, FIND_TOPIC);
      if (found == null || found.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " does not exist yet");
      }
      List<TopicPartition> partitions =
          found.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      body.read(consumer, partitions, () -> stopping || loopStopping.getAsBoolean());
    } catch (WakeupException e) {
      if (!stopping) {
        throw e;
      }
    } finally {
      current = null;
    }
  }

  @Override
  public void close() {
    stopping = true;
    Consumer<String, byte[]> consumer = current;
    if (consumer != null) {
      consumer.wakeup();
    }
    RestartingLoop running = loop;
    if (running != null) {
      running.closeWhenEnded(CLOSE);
    }
  }
}
