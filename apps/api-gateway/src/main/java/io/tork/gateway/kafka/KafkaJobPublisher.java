package io.tork.gateway.kafka;

import io.tork.gateway.core.JobCommands;
import io.tork.kafka.DeliverySettings;
import io.tork.kafka.Submissions;
import io.tork.kafka.TopicLayout;
import io.tork.model.Access;
import io.tork.model.JobCommand;
import io.tork.model.Limits;
import io.tork.model.ScheduleCommand;
import io.tork.model.Topics;
import io.tork.model.codec.Json;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaProducerException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.ProducerListener;

/**
 * Produces a submission to the {@code jobs} topic: key = job id, header {@code content-type},
 * timestamp = the job's creation time. What the API accepted goes as the validated job, in the
 * engine's own form (ADR 57); the topic stays a public interface, where a user's document is parsed
 * by the scheduler with the same model code. Sends through a spring-kafka {@link KafkaTemplate}
 * over the gateway's producer factory, with the settings the engine's delivery rests on ({@link
 * #PRODUCER_CONFIG}) over those of {@code spring.kafka.*}.
 */
public final class KafkaJobPublisher implements JobCommands, AutoCloseable {

  /** Acknowledged by every in-sync replica, once, at once; a send fails within 30 s. */
  public static final Map<String, Object> PRODUCER_CONFIG =
      DeliverySettings.with(
          DeliverySettings.ANSWERED_PRODUCER,
          Map.of(
              ProducerConfig.CLIENT_ID_CONFIG,
              "tork-gateway-jobs",
              ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
              StringSerializer.class,
              ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
              ByteArraySerializer.class));

  private final KafkaTemplate<String, byte[]> template;
  private final String topic;
  private final String commandsTopic;
  private final String schedulesTopic;

  /** A publisher of its own, to a plaintext cluster (tests, tools). */
  public KafkaJobPublisher(String bootstrapServers, Topics topics) {
    this(
        new DefaultKafkaProducerFactory<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers)),
        topics,
        Limits.DEFAULTS);
  }

  /**
   * @param producers the gateway's (Spring Boot's), with its connection settings and meters
   * @param limits the process's: its records are as large as {@link Limits#maxRecordBytes}
   */
  public KafkaJobPublisher(
      ProducerFactory<String, byte[]> producers, Topics topics, Limits limits) {
    this.topic = topics.jobs();
    this.commandsTopic = topics.jobCommands();
    this.schedulesTopic = topics.scheduledJobs();
    // A document up to --max-body-size, sealed, fits the topics' records: the client's own
    // default (1 MiB) would refuse one near the body limit.
    Map<String, Object> settings = new HashMap<>(PRODUCER_CONFIG);
    settings.put(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
        TopicLayout.maxMessageBytes(limits.maxRecordBytes()));
    this.template = new KafkaTemplate<>(producers, settings);
    // The default listener logs a failed record's key and value: a document may hold secrets.
    this.template.setProducerListener(new ProducerListener<>() {});
  }

  /** As the guest's (authentication off). */
  public CompletableFuture<Void> publish(
      String jobId, byte[] document, String contentType, Instant createdAt) {
    return publish(jobId, document, contentType, createdAt, Access.GUEST);
  }

  /**
   * Completes when the broker has acknowledged the record (acks=all). Its headers are the jobs
   * topic's ({@link Submissions#headers}): the content type, and {@code createdBy}.
   */
  public CompletableFuture<Void> publish(
      String jobId, byte[] document, String contentType, Instant createdAt, String createdBy) {
    Headers headers = Submissions.headers(contentType, createdBy);
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

  /**
   * Completes as the broker acknowledges, or with Kafka's own error (not spring-kafka's wrapper).
   */
  private CompletableFuture<Void> send(ProducerRecord<String, byte[]> record) {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    template
        .send(record)
        .whenComplete(
            (sent, error) -> {
              if (error == null) {
                acked.complete(null);
              } else {
                acked.completeExceptionally(
                    error instanceof KafkaProducerException wrapped && wrapped.getCause() != null
                        ? wrapped.getCause()
                        : error);
              }
            });
    return acked;
  }

  /** Closes the template's producer (its own copy of the factory, which the template made). */
  @Override
  public void close() {
    template.destroy();
  }
}
