package io.tork.worker.kafka;

import io.tork.kafka.Health;
import io.tork.kafka.TopicLayout;
import io.tork.worker.core.Runtime;
import io.tork.worker.core.TaskExecutor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker node: one consumer per queue it serves, all running tasks through one runtime, its
 * command channel and its heartbeats. Each of these background loops restarts itself after an
 * unexpected error and reports to the process's {@link Health}: {@code worker-queue-<name>}, {@code
 * worker-commands}, {@code worker-heartbeats}.
 */
public final class WorkerApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkerApp.class);

  private final WorkerSettings settings;
  private final Health health;
  private final KafkaEventPublisher events;
  private final TaskExecutor executor;
  private final List<QueueConsumer> consumers = new ArrayList<>();
  private @Nullable WorkerCommandsConsumer commands;
  private @Nullable WorkerHeartbeats heartbeats;

  /** With a health of its own, which nothing reads. */
  public WorkerApp(WorkerSettings settings, Runtime runtime) {
    this(settings, runtime, new Health());
  }

  /**
   * @param health the process's, which the worker's parts report to
   */
  public WorkerApp(WorkerSettings settings, Runtime runtime, Health health) {
    this.settings = settings;
    this.health = health;
    this.events = new KafkaEventPublisher(settings.kafka(), settings.topics(), settings.limits());
    this.executor =
        new TaskExecutor(runtime, settings.nodeId(), events, Clock.systemUTC(), settings.limits());
  }

  public static String newNodeId() {
    return QueueConsumer.newNodeId();
  }

  public void start() {
    TopicLayout layout =
        new TopicLayout(settings.topics(), settings.partitions(), settings.replicationFactor());
    try (Admin admin = settings.kafka().admin()) {
      settings.queues().keySet().forEach(queue -> layout.createQueueTopic(admin, queue));
    }
    heartbeats = new WorkerHeartbeats(settings, executor::runningCount, health);
    commands = new WorkerCommandsConsumer(settings, executor, health);
    settings
        .queues()
        .forEach(
            (queue, concurrency) -> {
              QueueConsumer consumer =
                  new QueueConsumer(
                      settings, queue, concurrency, executor, Clock.systemUTC(), health);
              consumers.add(consumer);
              consumer.start();
            });
    log.atInfo()
        .addKeyValue("nodeId", settings.nodeId())
        .addKeyValue("queues", settings.queues())
        .log("worker started");
  }

  public String nodeId() {
    return settings.nodeId();
  }

  public TaskExecutor executor() {
    return executor;
  }

  /**
   * Stops taking tasks, stops running ones (their containers are removed) and hands them back to
   * their queues, then disconnects.
   */
  @Override
  public void close() {
    consumers.forEach(QueueConsumer::stop);
    if (commands != null) {
      commands.close();
    }
    consumers.forEach(QueueConsumer::awaitStopped);
    executor.shutdown();
    consumers.forEach(QueueConsumer::close);
    if (heartbeats != null) {
      heartbeats.close();
    }
    events.close();
    log.atInfo().addKeyValue("nodeId", settings.nodeId()).log("worker stopped");
  }
}
