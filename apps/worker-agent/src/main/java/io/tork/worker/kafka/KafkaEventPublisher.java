package io.tork.worker.kafka;

import io.tork.model.TaskEvent;
import io.tork.model.TaskLogPart;
import io.tork.model.Topics;
import io.tork.model.codec.Json;
import io.tork.worker.core.EventPublisher;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes task outcomes to {@code task-events} and log parts to {@code logs}, keyed by job id,
 * idempotently, acks=all.
 */
final class KafkaEventPublisher implements EventPublisher, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaEventPublisher.class);

  private final KafkaProducer<String, byte[]> producer;
  private final Topics topics;

  KafkaEventPublisher(String bootstrapServers, Topics topics) {
    this.topics = topics;
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
                0),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  @Override
  public void publish(TaskEvent event) {
    send(
        new ProducerRecord<>(topics.taskEvents(), event.jobId(), Json.write(event)),
        event.taskId());
  }

  @Override
  public void publishAsync(TaskEvent event) {
    sendAsync(
        new ProducerRecord<>(topics.taskEvents(), event.jobId(), Json.write(event)),
        event.taskId());
  }

  @Override
  public void publishLog(TaskLogPart part) {
    sendAsync(new ProducerRecord<>(topics.logs(), part.jobId(), Json.write(part)), part.taskId());
  }

  private void sendAsync(ProducerRecord<String, byte[]> record, String taskId) {
    producer.send(
        record,
        (metadata, error) -> {
          if (error != null) {
            log.atWarn()
                .addKeyValue("taskId", taskId)
                .addKeyValue("topic", record.topic())
                .addKeyValue("error", error.getMessage())
                .log("cannot ship a task record");
          }
        });
  }

  private void send(ProducerRecord<String, byte[]> record, String taskId) {
    try {
      producer.send(record).get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted sending a record of task " + taskId, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot send a record of task " + taskId, e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
