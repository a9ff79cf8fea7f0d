package io.tork.gateway.kafka;

import io.tork.model.Access;
import io.tork.model.JobCommand;
import io.tork.model.ScheduleCommand;
import io.tork.model.Topics;
import io.tork.model.codec.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces a job document, as received, to the {@code jobs} topic: key = job id, header {@code
 * content-type}, timestamp = the job's creation time. The topic is a public interface; the
 * scheduler parses the document with the same model code.
 */
public final class KafkaJobPublisher implements AutoCloseable {
  public static final String CONTENT_TYPE_HEADER = "content-type";

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final String commandsTopic;
  private final String schedulesTopic;

  public KafkaJobPublisher(String bootstrapServers, Topics topics) {
    this.topic = topics.jobs();
    this.commandsTopic = topics.jobCommands();
    this.schedulesTopic = topics.scheduledJobs();
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                0,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                30_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10_000),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  /** As the guest's (authentication off). */
  public CompletableFuture<Void> publish(
      String jobId, byte[] document, String contentType, Instant createdAt) {
    return publish(jobId, document, contentType, createdAt, Access.GUEST);
  }

  /**
   * Completes when the broker has acknowledged the record (acks=all). {@code createdBy} goes in the
   * {@code created-by} header ({@link Access#CREATED_BY_HEADER}).
   */
  public CompletableFuture<Void> publish(
      String jobId, byte[] document, String contentType, Instant createdAt, String createdBy) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(CONTENT_TYPE_HEADER, contentType.getBytes(StandardCharsets.UTF_8));
    headers.add(Access.CREATED_BY_HEADER, createdBy.getBytes(StandardCharsets.UTF_8));
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(topic, null, createdAt.toEpochMilli(), jobId, document, headers);
    return send(record);
  }

  /** Sends a cancel or restart to the scheduler that owns the job; completes when acknowledged. */
  public CompletableFuture<Void> publish(JobCommand command) {
    return send(new ProducerRecord<>(commandsTopic, command.jobId(), Json.write(command)));
  }

  /** Sends a scheduled job's create, pause, resume or delete; completes when acknowledged. */
  public CompletableFuture<Void> publish(ScheduleCommand command) {
    return send(new ProducerRecord<>(schedulesTopic, command.id(), Json.write(command)));
  }

  private CompletableFuture<Void> send(ProducerRecord<String, byte[]> record) {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    producer.send(
        record,
        (metadata, error) -> {
          if (error != null) {
            acked.completeExceptionally(error);
          } else {
            acked.complete(null);
          }
        });
    return acked;
  }

  @Override
  public void close() {
    producer.close();
  }
}
