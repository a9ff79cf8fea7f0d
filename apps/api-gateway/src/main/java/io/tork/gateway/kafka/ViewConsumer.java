package io.tork.gateway.kafka;

import io.tork.gateway.kafka.ViewStore.Family;
import io.tork.kafka.DeliverySettings;
import io.tork.kafka.Health;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The view's consumer: one run of its loop (the {@link io.tork.kafka.RestartingLoop} runs it again
 * after an unexpected error). It resumes each partition where the store's last batch ended, applies
 * every poll as one batch with the offsets it reached, and only then tells readers (their
 * positions, the live followers): what a reader is told is on disk. A record that cannot be read is
 * skipped with a warning; a store that cannot be written stops the run.
 */
final class ViewConsumer {
  private static final Logger log = LoggerFactory.getLogger(ViewConsumer.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final long SWEEP_EVERY_NANOS = Duration.ofSeconds(60).toNanos();
  private static final byte[] IDENTITY = ViewCodec.utf8("identity");

  private final JobViews.Settings settings;
  private final ViewStore store;
  private final ViewWriter writer;
  private final ViewRetention retention;
  private final ViewEvents events;
  private final ViewProgress progress;
  private final Health health;
  private volatile @Nullable Consumer<String, byte[]> current;
  private volatile boolean stopping;
  private boolean identityChecked;
  private final java.util.concurrent.atomic.AtomicLong read =
      new java.util.concurrent.atomic.AtomicLong();

  ViewConsumer(
      JobViews.Settings settings,
      ViewStore store,
      ViewWriter writer,
      ViewRetention retention,
      ViewEvents events,
      ViewProgress progress,
      Health health) {
    this.settings = settings;
    this.store = store;
    this.writer = writer;
    this.retention = retention;
    this.events = events;
    this.progress = progress;
    this.health = health;
  }

  /** How many records this view has read since it started (not since it was made). */
  long recordsRead() {
    return read.get();
  }

  /** Ends the current run soon (its poll returns). */
  void stop() {
    stopping = true;
    Consumer<String, byte[]> consumer = current;
    if (consumer != null) {
      consumer.wakeup();
    }
  }

  void run(BooleanSupplier loopStopping) throws InterruptedException {
    BooleanSupplier done = () -> stopping || loopStopping.getAsBoolean();
    try (Consumer<String, byte[]> consumer = newConsumer()) {
      current = consumer;
      if (done.getAsBoolean()) {
        return;
      }
      Run run = new Run(consumer);
      while (!done.getAsBoolean()) {
        run.pollOnce();
      }
    } catch (WakeupException e) {
      if (!done.getAsBoolean()) {
        throw e;
      }
    } finally {
      current = null;
    }
  }

  /** One run of the loop: its consumer, where it stands, what it has read. */
  private final class Run {
    private final Consumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final ViewRetention.Cursors cursors = new ViewRetention.Cursors();
    private Map<TopicPartition, Long> committed;
    private long records;
    private long nextSweep = System.nanoTime();

    Run(Consumer<String, byte[]> consumer) throws InterruptedException {
      this.consumer = consumer;
      this.partitions = partitions(consumer);
      consumer.assign(partitions);
      this.committed = resume(consumer, partitions);
      progress.assigned(committed);
      boolean loaded = progress.isLoaded();
      health.report(
          JobViews.NAME,
          loaded ? Health.State.UP : Health.State.STARTING,
          loaded ? "" : "loading the view");
    }

    /** One poll: applied as one batch with the offsets it reached, then told to readers. */
    void pollOnce() throws InterruptedException {
      ConsumerRecords<String, byte[]> polled = consumer.poll(POLL);
      ViewEvents.Pending pending = events.pending();
      Map<TopicPartition, Long> positions = positions(consumer, partitions);
      try (ViewBatch batch = store.batch()) {
        for (ConsumerRecord<String, byte[]> record : polled) {
          apply(batch, record, pending);
        }
        if (System.nanoTime() >= nextSweep) {
          boolean more = retention.sweep(batch, writer, cursors);
          nextSweep = System.nanoTime() + (more ? 0 : SWEEP_EVERY_NANOS);
        }
        if (!positions.equals(committed)) {
          positions.forEach(
              (tp, offset) -> batch.put(Family.META, offsetKey(tp), ViewCodec.ofLong(offset)));
        }
        batch.commit();
      }
      committed = positions;
      records += polled.count();
      read.addAndGet(polled.count());
      pending.run();
      if (progress.advanced(consumer::position)) {
        log.atInfo()
            .addKeyValue("records", records)
            .addKeyValue("ms", progress.msSinceLoadStart())
            .addKeyValue("storeMemoryBytes", store.estimatedMemoryBytes())
            .log("job view loaded");
      }
      if (progress.isLoaded()) {
        health.up(JobViews.NAME);
      }
    }
  }

  private void apply(
      ViewBatch batch, ConsumerRecord<String, byte[]> record, ViewEvents.Pending pending) {
    int events = pending.size();
    batch.savePoint();
    try {
      writer.apply(batch, record, pending);
    } catch (ViewStore.StoreException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      // One unreadable record never stops the view (no poison pill): it is skipped, visibly.
      batch.rollbackToSavePoint();
      pending.truncate(events);
      log.atWarn()
          .addKeyValue("topic", record.topic())
          .addKeyValue("partition", record.partition())
          .addKeyValue("offset", record.offset())
          .addKeyValue("key", record.key())
          .addKeyValue("error", e.getClass().getSimpleName() + ": " + e.getMessage())
          .log("unreadable view record skipped");
    }
  }

  /**
   * Seeks each partition to where the store's last batch ended. A store written from another
   * cluster, or past the topics' ends (they were made anew), is wiped and rebuilt from the start.
   */
  private Map<TopicPartition, Long> resume(
      Consumer<String, byte[]> consumer, List<TopicPartition> partitions)
      throws InterruptedException {
    if (!identityChecked) {
      String identity = identity();
      byte[] stored = store.get(Family.META, IDENTITY);
      if (stored != null && !ViewCodec.string(stored).equals(identity)) {
        log.atWarn()
            .addKeyValue("stateDir", store.dir())
            .log("the view on disk is of another cluster or layout; rebuilding it from the topics");
        store.wipe();
      }
      try (ViewBatch batch = store.batch()) {
        batch.put(Family.META, IDENTITY, ViewCodec.utf8(identity));
        batch.commit();
      }
      identityChecked = true;
    }
    Map<TopicPartition, Long> stored = storedOffsets(partitions);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(60));
    if (stored.entrySet().stream()
        .anyMatch(e -> e.getValue() > ends.getOrDefault(e.getKey(), 0L))) {
      log.atWarn()
          .addKeyValue("stateDir", store.dir())
          .log("the view on disk is ahead of the topics (made anew?); rebuilding it");
      store.wipe();
      try (ViewBatch batch = store.batch()) {
        batch.put(Family.META, IDENTITY, ViewCodec.utf8(identity()));
        batch.commit();
      }
      stored = Map.of();
    }
    Map<TopicPartition, Long> starts = new HashMap<>();
    List<TopicPartition> fromStart = new ArrayList<>();
    for (TopicPartition tp : partitions) {
      Long offset = stored.get(tp);
      if (offset != null) {
        consumer.seek(tp, offset);
        starts.put(tp, offset);
      } else {
        fromStart.add(tp);
      }
    }
    if (!fromStart.isEmpty()) { // an empty list would seek every assigned partition
      consumer.seekToBeginning(fromStart);
      consumer.beginningOffsets(fromStart, Duration.ofSeconds(60)).forEach(starts::put);
    }
    return starts;
  }

  private Map<TopicPartition, Long> storedOffsets(List<TopicPartition> partitions) {
    Map<TopicPartition, Long> out = new HashMap<>();
    for (TopicPartition tp : partitions) {
      byte[] offset = store.get(Family.META, offsetKey(tp));
      if (offset != null) {
        out.put(tp, ViewCodec.toLong(offset));
      }
    }
    return out;
  }

  private static Map<TopicPartition, Long> positions(
      Consumer<String, byte[]> consumer, List<TopicPartition> partitions) {
    Map<TopicPartition, Long> out = new HashMap<>();
    partitions.forEach(tp -> out.put(tp, consumer.position(tp)));
    return out;
  }

  /**
   * The cluster, the topics and the store's layout the view was built for: a view of another is
   * rebuilt. The layout moves on when a projection keeps something more (2: the jobs waiting on
   * each queue).
   */
  private String identity() throws InterruptedException {
    return progress.clusterId() + "/" + settings.topics().prefix() + "/" + LAYOUT;
  }

  private static final int LAYOUT = 2;

  private static byte[] offsetKey(TopicPartition tp) {
    byte[] topic = ViewCodec.utf8(tp.topic());
    return ByteBuffer.allocate(1 + topic.length + 1 + 4)
        .put((byte) 'o')
        .put(topic)
        .put((byte) 0)
        .putInt(tp.partition())
        .array();
  }

  private List<TopicPartition> partitions(Consumer<String, byte[]> consumer) {
    List<TopicPartition> partitions = new ArrayList<>();
    var topics = settings.topics();
    for (String topic :
        List.of(
            topics.jobs(),
            topics.jobViews(),
            topics.taskViews(),
            topics.logs(),
            topics.scheduledJobViews())) {
      List<org.apache.kafka.common.PartitionInfo> found =
          consumer.partitionsFor(topic, Duration.ofSeconds(60));
      if (found == null || found.isEmpty()) {
        // Not made yet (the scheduler makes the engine's topics): this run ends, the loop retries.
        throw new IllegalStateException("topic " + topic + " does not exist yet");
      }
      found.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    return partitions;
  }

  private Consumer<String, byte[]> newConsumer() {
    return settings
        .kafka()
        .consumer(
            DeliverySettings.with(
                DeliverySettings.COMMITTED_READS,
                Map.of(
                    // Offsets live in the store; one gone from the topic (retention) restarts
                    // at its start.
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                    "earliest",
                    ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG,
                    false,
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                    2000,
                    // One poll is one batch: its size bounds the batch's memory.
                    ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
                    16 << 20)));
  }
}
