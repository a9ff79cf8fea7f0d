package io.tork.worker.kafka;

import io.tork.model.CancelTask;
import io.tork.model.codec.Json;
import io.tork.worker.core.TaskExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's command channel (the seed's {@code x-<worker id>} queue): reads {@code
 * worker-commands} from the moment the node starts and acts on the records keyed by its id.
 */
final class WorkerCommandsConsumer implements Runnable, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkerCommandsConsumer.class);

  private final String topic;
  private final String nodeId;
  private final TaskExecutor executor;
  private final KafkaConsumer<String, byte[]> consumer;
  private volatile boolean stopping;

  WorkerCommandsConsumer(WorkerSettings settings, TaskExecutor executor) {
    this.topic = settings.topics().workerCommands();
    this.nodeId = settings.nodeId();
    this.executor = executor;
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                settings.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.CLIENT_ID_CONFIG,
                "worker-" + nodeId + "-commands"),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    consumer
        .partitionsFor(topic, Duration.ofSeconds(60))
        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    consumer.assign(partitions);
    // Commands sent before this node existed are for other nodes: start from the end.
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
  }

  @Override
  public void run() {
    try {
      while (!stopping) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (nodeId.equals(record.key()) && record.value() != null) {
            CancelTask cancel = Json.read(record.value(), CancelTask.class);
            boolean running = executor.cancel(cancel.taskId());
            log.atInfo()
                .addKeyValue("jobId", cancel.jobId())
                .addKeyValue("taskId", cancel.taskId())
                .addKeyValue("running", running)
                .log("cancel requested");
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
  }
}
