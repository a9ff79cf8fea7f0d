package io.tork.worker.kafka;

import io.tork.model.kafka.HeartbeatPublisher;
import io.tork.model.kafka.TopicLayout;
import io.tork.worker.core.Runtime;
import io.tork.worker.core.TaskExecutor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A worker node: one consumer per queue it serves, all running tasks through one runtime. */
public final class WorkerApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkerApp.class);

  private final WorkerSettings settings;
  private final KafkaEventPublisher events;
  private final TaskExecutor executor;
  private final List<QueueConsumer> consumers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private WorkerCommandsConsumer commands;
  private HeartbeatPublisher heartbeats;

  public WorkerApp(WorkerSettings settings, Runtime runtime) {
    this.settings = settings;
    this.events =
        new KafkaEventPublisher(settings.bootstrapServers(), settings.topics(), settings.limits());
    this.executor =
        new TaskExecutor(
            runtime, settings.nodeId(), events, Clock.systemUTC(), settings.limits());
  }

  public static String newNodeId() {
    return QueueConsumer.newNodeId();
  }

  public void start() {
    TopicLayout layout =
        new TopicLayout(settings.topics(), settings.partitions(), settings.replicationFactor());
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()))) {
      settings.queues().keySet().forEach(queue -> layout.createQueueTopic(admin, queue));
    }
    heartbeats =
        new HeartbeatPublisher(
            settings.bootstrapServers(),
            settings.topics(),
            settings.nodeId(),
            "worker",
            settings.queues(),
            executor::runningCount,
            settings.heartbeatInterval(),
            Clock.systemUTC());
    heartbeats.start();
    commands = new WorkerCommandsConsumer(settings, executor);
    threads.add(Thread.ofPlatform().name("worker-commands").start(commands));
    settings
        .queues()
        .forEach(
            (queue, concurrency) -> {
              QueueConsumer consumer =
                  new QueueConsumer(settings, queue, concurrency, executor, Clock.systemUTC());
              consumers.add(consumer);
              Thread thread = Thread.ofPlatform().name("queue-" + queue).start(consumer);
              threads.add(thread);
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
    for (Thread thread : threads) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    executor.shutdown();
    consumers.forEach(QueueConsumer::close);
    if (heartbeats != null) {
      heartbeats.close();
    }
    events.close();
    log.atInfo().addKeyValue("nodeId", settings.nodeId()).log("worker stopped");
  }
}
