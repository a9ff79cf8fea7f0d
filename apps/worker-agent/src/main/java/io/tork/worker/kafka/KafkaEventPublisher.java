package io.tork.worker.kafka;

import io.tork.kafka.DeliverySettings;
import io.tork.kafka.KafkaClients;
import io.tork.model.Limits;
import io.tork.model.TaskEvent;
import io.tork.model.TaskLogPart;
import io.tork.model.Topics;
import io.tork.model.codec.Json;
import io.tork.worker.core.EventPublisher;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes task outcomes to {@code task-events} and log parts to {@code logs}, keyed by job id,
 * idempotently, acks=all. No record goes out over {@link Limits#maxRecordBytes} (the topics'
 * maximum): such an event is refused here, with a message that names the limit.
 */
final class KafkaEventPublisher implements EventPublisher, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaEventPublisher.class);
  // What a record batch adds to a record on the broker: headers, lengths, CRC.
  private static final int BATCH_OVERHEAD = 1024;

  private final KafkaProducer<String, byte[]> producer;
  private final Topics topics;
  private final int maxRecordBytes;

  KafkaEventPublisher(KafkaClients kafka, Topics topics, Limits limits) {
    this.topics = topics;
    this.maxRecordBytes = limits.maxRecordBytes() - BATCH_OVERHEAD;
    this.producer =
        kafka.producer(
            DeliverySettings.with(
                DeliverySettings.DURABLE_PRODUCER,
                // The client's own default (1 MiB) is below the engine's record limit.
                Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, limits.maxRecordBytes())));
  }

  @Override
  public void publish(TaskEvent event) {
    send(record(topics.taskEvents(), event.jobId(), Json.write(event)), event.taskId());
  }

  @Override
  public void publishAsync(TaskEvent event) {
    sendAsync(record(topics.taskEvents(), event.jobId(), Json.write(event)))
        .whenComplete(
            (sent, error) -> {
              if (error != null) {
                log.atWarn()
                    .addKeyValue("taskId", event.taskId())
                    .addKeyValue("error", error.getMessage())
                    .log("cannot send a task event");
              }
            });
  }

  @Override
  public CompletionStage<Void> publishLog(TaskLogPart part) {
    try {
      return sendAsync(record(topics.logs(), part.jobId(), Json.write(part)));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private ProducerRecord<String, byte[]> record(String topic, String key, byte[] value) {
    if (value.length > maxRecordBytes) {
      throw new IllegalArgumentException(
          Limits.exceeded(
              "a " + topic + " record", value.length, maxRecordBytes, "maxRecordBytes"));
    }
    return new ProducerRecord<>(topic, key, value);
  }

  private CompletableFuture<Void> sendAsync(ProducerRecord<String, byte[]> record) {
    CompletableFuture<Void> sent = new CompletableFuture<>();
    producer.send(
        record,
        (metadata, error) -> {
          if (error == null) {
            sent.complete(null);
          } else {
            sent.completeExceptionally(error);
          }
        });
    return sent;
  }

  private void send(ProducerRecord<String, byte[]> record, String taskId) {
    try {
      producer.send(record).get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted sending a record of task " + taskId, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot send a record of task " + taskId + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
