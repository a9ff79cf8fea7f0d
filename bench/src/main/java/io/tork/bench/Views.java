package io.tork.bench;

import io.tork.model.Job;
import io.tork.model.Topics;
import io.tork.model.codec.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches the job view topic (what the API serves) and notes, in {@link System#nanoTime()}, when
 * each job was first seen ended: the "COMPLETED" moment of the latency figures.
 */
final class Views implements AutoCloseable {
  final Map<String, Long> endedAt = new ConcurrentHashMap<>();
  final Map<String, String> endState = new ConcurrentHashMap<>();
  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread thread;
  private volatile boolean running = true;

  Views(String kafka) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka,
                ConsumerConfig.GROUP_ID_CONFIG,
                "bench-views-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "latest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            // Kafka's default fetch wait (500 ms): a fetch returns as soon as a commit makes
            // records visible. At 1 ms this consumer sent ~1,000 fetches/s to the engine's own
            // broker and inflated the latency it measured (quick run: p50 1285 ms vs 224 ms).
            new StringDeserializer(),
            new ByteArrayDeserializer());
    consumer.subscribe(List.of(Topics.DEFAULT.jobViews()));
    while (consumer.assignment().isEmpty()) {
      consumer.poll(Duration.ofMillis(100));
    }
    thread = Thread.ofPlatform().name("bench-views").start(this::run);
  }

  private void run() {
    while (running) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
        if (record.value() == null) {
          continue; // a deleted job (autoDelete)
        }
        long now = System.nanoTime();
        Job job = Json.read(record.value(), Job.class);
        if (job.state().isTerminal()) {
          endedAt.putIfAbsent(job.id(), now);
          endState.putIfAbsent(job.id(), job.state().name());
        }
      }
    }
    consumer.close();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(10_000);
  }
}
