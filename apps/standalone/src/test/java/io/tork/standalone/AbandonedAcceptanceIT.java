package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.worker.kafka.AcceptanceProducer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker killed inside its acceptance transaction (RUNNING events and the queue's offsets, ADR 5)
 * leaves that transaction open. The worker that takes the partition over cannot read the committed
 * position until the broker aborts it: with Kafka's 60 s default a crashed worker's re-dispatched
 * tasks sat a minute in the queue (seen in DistributedIT's logs). On a real broker: the abandoned
 * acceptance holds the partition for the acceptance's transaction timeout at most, and its task is
 * taken again from the first offset.
 */
class AbandonedAcceptanceIT {
  private static final String GROUP = "tork.queue.default";
  // The broker's transaction.abort.timed.out.transaction.cleanup.interval.ms (its default).
  private static final Duration SWEEP = Duration.ofSeconds(10);

  @TempDir Path dataDir;

  @Test
  void anAcceptanceLeftOpenByADeadWorkerHoldsItsPartitionOnlyUntilItTimesOut() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, 0);
        Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      String bootstrap = kafka.bootstrapServers();
      admin
          .createTopics(
              List.of(new NewTopic("queue", 1, (short) 1), new NewTopic("events", 1, (short) 1)))
          .all()
          .get();
      TopicPartition queue = new TopicPartition("queue", 0);
      try (var scheduler =
          new KafkaProducer<>(
              Map.<String, Object>of("bootstrap.servers", bootstrap),
              new StringSerializer(),
              new StringSerializer())) {
        scheduler.send(new ProducerRecord<>("queue", "job", "task 1")).get();
      }

      // The doomed worker accepts the task and dies before its commit: nothing ends the
      // transaction (its transactional id is its own node's, never used again).
      var doomed =
          new KafkaProducer<>(
              AcceptanceProducer.config(bootstrap, "tork-worker-doomed-default"),
              new StringSerializer(),
              new StringSerializer());
      doomed.initTransactions();
      doomed.beginTransaction();
      doomed.send(new ProducerRecord<>("events", "job", "RUNNING on doomed")).get();
      doomed.sendOffsetsToTransaction(
          Map.of(queue, new OffsetAndMetadata(1)), new ConsumerGroupMetadata(GROUP));
      long died = System.nanoTime();

      try (var survivor =
          new KafkaConsumer<>(
              Map.<String, Object>of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrap,
                  ConsumerConfig.GROUP_ID_CONFIG,
                  GROUP,
                  ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                  "read_committed",
                  ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                  "earliest"),
              new StringDeserializer(),
              new StringDeserializer())) {
        survivor.assign(Set.of(queue));
        // Blocks while the dead worker's offsets are pending (UNSTABLE_OFFSET_COMMIT).
        long position = survivor.position(queue, Duration.ofSeconds(120));
        Duration held = Duration.ofNanos(System.nanoTime() - died);
        System.out.printf("abandoned acceptance held the partition %d ms%n", held.toMillis());
        assertThat(position).as("the dead worker's acceptance never happened").isZero();
        // Its transaction timeout, then the broker's sweep for timed-out transactions (every
        // 10 s by default), then the consumer's retries: ~20 s here; 70 s before the timeout
        // was set. 10 s of margin for a loaded machine.
        assertThat(held)
            .isLessThan(
                Duration.ofMillis(AcceptanceProducer.TRANSACTION_TIMEOUT_MS)
                    .plus(SWEEP)
                    .plusSeconds(10));
      } finally {
        doomed.close(Duration.ZERO);
      }
    }
  }
}
