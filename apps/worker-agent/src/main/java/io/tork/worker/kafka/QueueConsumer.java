package io.tork.worker.kafka;

import io.micrometer.core.instrument.Timer;
import io.tork.kafka.Health;
import io.tork.kafka.RestartingLoop;
import io.tork.model.JobIds;
import io.tork.model.Task;
import io.tork.model.TaskFailed;
import io.tork.model.TaskStarted;
import io.tork.model.Topics;
import io.tork.model.codec.Json;
import io.tork.worker.core.TaskExecutor;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes tasks from one queue's topic, at most {@code concurrency} at a time. A task is accepted in
 * one Kafka transaction that both publishes its STARTED event and commits its offset, so a task is
 * either accepted (and then owned by this node) or still on the queue; it is never both, never
 * neither. The consumer only fetches what it has free slots for: a record it cannot take yet is
 * sought back and stays on the queue for the next free slot (or another worker).
 *
 * <p>It runs in a {@link RestartingLoop}: whatever it did not expect (a fenced producer, a lost
 * coordinator) makes it report DOWN, close its consumer and producer, and start over with fresh
 * ones after a backoff; tasks already running are not affected. A restart loses or repeats no task:
 * the new producer has the same transactional id, so starting it aborts any acceptance the old one
 * left open, and the new consumer reads from the offsets that acceptances committed. A record that
 * is not a task (it cannot be read) is taken off the queue with its task failed, so it cannot stop
 * the queue.
 */
final class QueueConsumer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(QueueConsumer.class);
  private static final Duration POLL = Duration.ofMillis(100);

  private final String queue;
  private final String nodeId;
  private final Topics topics;
  private final TaskExecutor executor;
  private final Clock clock;
  private final Semaphore slots;
  private final ExecutorService runners;
  private final WorkerSettings settings;
  private final int concurrency;
  private final Health health;
  private final Timer durations;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private KafkaProducer<String, byte[]> producer;
  private volatile boolean stopping;
  private @Nullable RestartingLoop loop;
  private volatile @Nullable Thread thread;
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private final PriorityBands bands;

  QueueConsumer(
      WorkerSettings settings,
      String queue,
      int concurrency,
      TaskExecutor executor,
      Clock clock,
      Health health) {
    this.health = health;
    this.settings = settings;
    this.concurrency = concurrency;
    this.queue = queue;
    this.nodeId = settings.nodeId();
    this.topics = settings.topics();
    this.executor = executor;
    this.clock = clock;
    this.slots = new Semaphore(concurrency);
    this.durations = QueueClients.taskDurations(settings.kafka().meterRegistry(), queue);
    this.bands = new PriorityBands(topics, queue);
    this.runners =
        Executors.newFixedThreadPool(
            concurrency, Thread.ofPlatform().name("task-" + queue + "-", 0).factory());
  }

  /** The part's name in the process's health, and its thread's. */
  String name() {
    return "worker-queue-" + queue;
  }

  /** Starts consuming on a thread of its own. */
  void start() {
    loop = RestartingLoop.start(name(), health, this::consumeUntilStopped);
  }

  private void connect() {
    this.consumer = QueueClients.consumer(settings, queue, concurrency);
    this.producer = QueueClients.producer(settings, queue);
  }

  /** One run of the loop: a fresh consumer and producer, consuming until stopped or failed. */
  private void consumeUntilStopped(BooleanSupplier closing) throws InterruptedException {
    thread = Thread.currentThread();
    committed.clear();
    connect();
    try {
      // Fences the producer of an earlier run, aborting an acceptance it may have left open.
      producer.initTransactions();
      consumer.subscribe(topics.queueBands(queue));
      log.atInfo()
          .addKeyValue("queue", queue)
          .addKeyValue("concurrency", concurrency)
          .addKeyValue("nodeId", nodeId)
          .log("consuming queue");
      boolean up = false;
      while (!stopping && !closing.getAsBoolean()) {
        pollOnce();
        if (!up) {
          health.up(name());
          up = true;
        }
      }
    } catch (WakeupException e) {
      if (!stopping) {
        throw e;
      }
    } finally {
      consumer.close(Duration.ofSeconds(5));
      producer.close(Duration.ofSeconds(5));
    }
  }

  private void pollOnce() throws InterruptedException {
    Set<TopicPartition> assigned = consumer.assignment();
    if (slots.availablePermits() == 0) {
      // Every slot busy: wait for one to free up (not for a whole poll of paused partitions),
      // then let the consumer do its group work without fetching.
      consumer.pause(assigned);
      bands.paused();
      if (slots.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
        slots.release();
      }
      consumer.poll(Duration.ZERO);
      return;
    }
    consumer.resume(consumer.paused());
    List<ConsumerRecord<String, byte[]>> accepted = new ArrayList<>();
    Set<TopicPartition> soughtBack = new HashSet<>();
    var records = consumer.poll(POLL);
    if (records.isEmpty()) {
      commitPositionsPastMarkers();
      return;
    }
    int lowest = bands.lowestToTake(consumer, records);
    for (ConsumerRecord<String, byte[]> record : bands.highestFirst(records)) {
      TopicPartition partition = new TopicPartition(record.topic(), record.partition());
      if (soughtBack.contains(partition)) {
        continue;
      }
      if (bands.of(record) >= lowest && slots.tryAcquire()) {
        accepted.add(record);
      } else {
        consumer.seek(partition, record.offset());
        soughtBack.add(partition);
      }
    }
    if (!accepted.isEmpty()) {
      accept(accepted);
    }
  }

  /**
   * When idle, moves the committed offsets up to the consumer's positions: the scheduler writes
   * transactionally, and the commit markers after the last task would otherwise count as queued
   * work in {@code GET /queues}. Every record before a position has been accepted.
   */
  private void commitPositionsPastMarkers() {
    Map<TopicPartition, OffsetAndMetadata> moved = new HashMap<>();
    for (TopicPartition partition : consumer.assignment()) {
      long position = consumer.position(partition);
      Long last = committed.get(partition);
      if (last == null || position > last) {
        moved.put(partition, new OffsetAndMetadata(position));
      }
    }
    if (moved.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(moved);
      moved.forEach((tp, offset) -> committed.put(tp, offset.offset()));
    } catch (RebalanceInProgressException | CommitFailedException e) {
      // Only bookkeeping: the next idle poll after the rebalance commits again.
      log.atDebug().addKeyValue("error", e.getMessage()).log("idle commit skipped");
    }
  }

  private void accept(List<ConsumerRecord<String, byte[]>> records) {
    List<Task> tasks = new ArrayList<>();
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    Map<TopicPartition, Long> firsts = new HashMap<>();
    long begin = System.nanoTime();
    boolean accepted = false;
    producer.beginTransaction();
    try {
      for (ConsumerRecord<String, byte[]> record : records) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        offsets.put(partition, new OffsetAndMetadata(record.offset() + 1));
        firsts.putIfAbsent(partition, record.offset());
        Optional<Task> task = read(record);
        if (task.isEmpty()) {
          continue; // off the queue with this acceptance, and failed if it can be
        }
        tasks.add(task.get());
        TaskStarted started =
            new TaskStarted(task.get().jobId(), task.get().id(), nodeId, clock.instant());
        producer.send(
            new ProducerRecord<>(topics.taskEvents(), task.get().jobId(), Json.write(started)));
      }
      long sent = System.nanoTime();
      producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
      long offsetsSent = System.nanoTime();
      commit();
      accepted = true;
      log.atDebug()
          .addKeyValue("tasks", records.size())
          .addKeyValue("sendMs", (sent - begin) / 1_000_000)
          .addKeyValue("offsetsMs", (offsetsSent - sent) / 1_000_000)
          .addKeyValue("commitMs", (System.nanoTime() - offsetsSent) / 1_000_000)
          .log("acceptance committed");
    } catch (CommitFailedException
        | RebalanceInProgressException
        | TimeoutException
        | TransactionAbortedException e) {
      // A rebalance moved the group on (or the broker did not answer in time): nothing of this
      // acceptance happened. Read the records again if still ours; a new owner reads them from
      // the last committed offset.
      log.atWarn()
          .addKeyValue("queue", queue)
          .addKeyValue("tasks", records.size())
          .addKeyValue("error", e.getMessage())
          .log("task acceptance aborted; the tasks stay queued");
      producer.abortTransaction();
      Set<TopicPartition> owned = consumer.assignment();
      firsts.forEach(
          (partition, offset) -> {
            if (owned.contains(partition)) {
              consumer.seek(partition, offset);
            }
          });
      return;
    } finally {
      // Any other failure (the broker aborted a transaction that outlived its timeout: a fenced
      // epoch) goes up to the loop, which starts over; the new consumer reads the records again
      // from the committed offsets. Either way their slots are free again.
      if (!accepted) {
        slots.release(records.size());
      }
    }
    offsets.forEach((tp, offset) -> committed.put(tp, offset.offset()));
    slots.release(records.size() - tasks.size()); // the unreadable ones run nowhere
    for (Task task : tasks) {
      log.atDebug()
          .addKeyValue("jobId", task.jobId())
          .addKeyValue("taskId", task.id())
          .addKeyValue("queue", queue)
          .log("task accepted");
      runners.execute(
          () -> {
            try {
              Timer.Sample run = Timer.start();
              executor.execute(task);
              run.stop(durations);
            } finally {
              slots.release();
            }
          });
    }
  }

  /**
   * The task in a record; empty for a record that is not one, whose task (when its ids can be read)
   * fails in this acceptance's transaction, saying why.
   */
  private Optional<Task> read(ConsumerRecord<String, byte[]> record) {
    try {
      return Optional.of(Json.read(record.value(), Task.class));
    } catch (IllegalArgumentException | NullPointerException e) {
      String why = "the worker cannot read the task: " + e.getMessage();
      Optional<TaskFailed> failed = UnreadableTask.failure(record.value(), why, clock.instant());
      log.atError()
          .addKeyValue("queue", queue)
          .addKeyValue("partition", record.partition())
          .addKeyValue("offset", record.offset())
          .addKeyValue("jobId", failed.map(TaskFailed::jobId).orElse(""))
          .addKeyValue("taskId", failed.map(TaskFailed::taskId).orElse(""))
          .addKeyValue("error", e.getMessage())
          .log("not a task record; taken off the queue");
      failed.ifPresent(
          event ->
              producer.send(
                  new ProducerRecord<>(topics.taskEvents(), event.jobId(), Json.write(event))));
      return Optional.empty();
    }
  }

  /**
   * Commits an acceptance. A commit that timed out may still complete on the broker, and Kafka then
   * allows only a retry (an abort is refused): it is retried until it answers, so that the tasks
   * run if and only if they were accepted. A stop during the retries leaves the outcome to the
   * broker; if it committed, the tasks come back when this node's heartbeats end.
   */
  private void commit() {
    while (true) {
      try {
        producer.commitTransaction();
        return;
      } catch (TimeoutException e) {
        if (stopping) {
          throw new IllegalStateException("stopped with an acceptance commit pending", e);
        }
        log.atWarn()
            .addKeyValue("queue", queue)
            .addKeyValue("error", e.getMessage())
            .log("task acceptance commit timed out; retrying it");
      }
    }
  }

  /** Stops taking tasks; the loop ends and disconnects (see {@link #awaitStopped}). */
  void stop() {
    stopping = true;
    KafkaConsumer<String, byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
  }

  /**
   * After {@link #stop}: waits for the loop to end by itself (so that no acceptance is cut short by
   * an interrupt), then for good.
   */
  void awaitStopped() {
    LoopShutdown.await(thread, loop);
  }

  /** Waits for this queue's running tasks to end (stop them first). */
  @Override
  public void close() {
    runners.shutdown();
    try {
      if (!runners.awaitTermination(30, TimeUnit.SECONDS)) {
        log.atWarn().addKeyValue("queue", queue).log("tasks still running after 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String newNodeId() {
    return JobIds.random().substring(0, 12);
  }
}
