package io.tork.worker.kafka;

import io.tork.kafka.DeliverySettings;
import io.tork.kafka.Health;
import io.tork.kafka.RestartingLoop;
import io.tork.model.CancelTask;
import io.tork.model.codec.Json;
import io.tork.worker.core.TaskExecutor;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's command channel (the seed's {@code x-<worker id>} queue): reads {@code
 * worker-commands} from the moment the node starts and acts on the records keyed by its id.
 *
 * <p>It runs in a {@link RestartingLoop}: after an unexpected error it starts over with a fresh
 * consumer, from where it had got to (a command sent meanwhile is not missed); a record it cannot
 * read is logged and passed over.
 */
final class WorkerCommandsConsumer implements AutoCloseable {
  static final String NAME = "worker-commands";
  private static final Logger log = LoggerFactory.getLogger(WorkerCommandsConsumer.class);

  private final WorkerSettings settings;
  private final String topic;
  private final String nodeId;
  private final TaskExecutor executor;
  private final Health health;
  private final RestartingLoop loop;
  // Where this node has got to, kept across restarts; empty until the first start.
  private final Map<TopicPartition, Long> positions = new HashMap<>();
  private volatile @Nullable KafkaConsumer<String, byte[]> consumer;
  private volatile boolean closing;
  private volatile @Nullable Thread thread;

  WorkerCommandsConsumer(WorkerSettings settings, TaskExecutor executor, Health health) {
    this.settings = settings;
    this.topic = settings.topics().workerCommands();
    this.nodeId = settings.nodeId();
    this.executor = executor;
    this.health = health;
    this.loop = RestartingLoop.start(NAME, health, this::consumeUntilStopped);
  }

  private void consumeUntilStopped(BooleanSupplier stopping) {
    thread = Thread.currentThread();
    try (KafkaConsumer<String, byte[]> commands = connect()) {
      consumer = commands;
      List<TopicPartition> partitions =
          commands.partitionsFor(topic, Duration.ofSeconds(60)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      commands.assign(partitions);
      // Commands sent before this node existed are for other nodes: the first run starts from
      // the end; a restart goes on from where the last run got to.
      commands.seekToEnd(partitions);
      positions.forEach(commands::seek);
      partitions.forEach(p -> positions.put(p, commands.position(p)));
      health.up(NAME);
      while (!closing && !stopping.getAsBoolean()) {
        for (ConsumerRecord<String, byte[]> record : commands.poll(Duration.ofMillis(200))) {
          act(record);
          positions.put(
              new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
        }
      }
    } catch (WakeupException e) {
      if (!closing) {
        throw e;
      }
    } finally {
      consumer = null;
    }
  }

  private KafkaConsumer<String, byte[]> connect() {
    return settings
        .kafka()
        .consumer(
            DeliverySettings.with(
                DeliverySettings.COMMITTED_READS,
                Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "worker-" + nodeId + "-commands")));
  }

  private void act(ConsumerRecord<String, byte[]> record) {
    if (!nodeId.equals(record.key()) || record.value() == null) {
      return;
    }
    CancelTask cancel;
    try {
      cancel = Json.read(record.value(), CancelTask.class);
    } catch (IllegalArgumentException e) {
      log.atError()
          .addKeyValue("offset", record.offset())
          .addKeyValue("error", e.getMessage())
          .log("not a worker command; passed over");
      return;
    }
    boolean running = executor.cancel(cancel.taskId());
    log.atDebug()
        .addKeyValue("jobId", cancel.jobId())
        .addKeyValue("taskId", cancel.taskId())
        .addKeyValue("running", running)
        .log("cancel requested");
  }

  /** Stops: the loop ends by itself (its consumer closed without an interrupt), then for good. */
  @Override
  public void close() {
    closing = true;
    KafkaConsumer<String, byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    LoopShutdown.await(thread, loop);
  }
}
