package io.tork.scheduler.kafka;

import io.tork.kafka.Health;
import io.tork.kafka.KafkaClients;
import io.tork.kafka.RestartingLoop;
import io.tork.model.Limits;
import io.tork.model.Topics;
import io.tork.model.WebhookCall;
import io.tork.model.codec.Json;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the webhook calls the scheduler decided on, apart from it: a slow or dead endpoint never
 * holds up a transition, nor another endpoint's calls. Reads {@code webhooks} in a consumer group
 * (each call goes to one scheduler instance) and never waits for a call: each goes to its endpoint
 * ({@link WebhookEndpoints}: a few at once per endpoint, in order per job), is made with a deadline
 * per attempt and Tork's retries ({@link WebhookCaller}), and its offset is committed once it and
 * the calls before it in its partition are delivered or given up ({@link DeliveredOffsets}):
 * at-least-once. Each attempt connects only where {@link WebhookTargets} allows ({@code
 * --webhook-allow}, ADR 48); a call it refuses, or whose headers cannot be sent, is not made, and
 * is counted ({@link #counters()}). While too many calls wait, reading pauses. Runs in a {@link
 * RestartingLoop} reporting as {@value #NAME}: an unexpected error restarts it with backoff (calls
 * not committed come again).
 */
public final class WebhookDispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

  /** The part of the process's health the dispatcher reports as. */
  public static final String NAME = "webhooks";

  /** Calls made at once to one endpoint (scheme, host and port), at most. */
  public static final int CALLS_PER_ENDPOINT = WebhookEndpoints.LANES;

  /** Calls waiting or under way over all endpoints past which reading pauses. */
  static final int MAX_QUEUED = 10_000;

  static final Duration DEADLINE =
      Duration.ofMillis(Long.getLong("tork.webhooks.deadline-ms", 5000L));

  private final KafkaClients kafka;
  private final Topics topics;
  private final String groupId;
  private final Health health;
  private final ExecutorService runners = Executors.newVirtualThreadPerTaskExecutor();
  private final WebhookCounters counters = new WebhookCounters();
  private final WebhookCaller caller;
  private final WebhookEndpoints endpoints;
  private RestartingLoop loop;

  /**
   * With Tork's 5 s deadline per attempt, the default limits, a health of its own, and no special
   * address allowed.
   */
  public WebhookDispatcher(KafkaClients kafka, Topics topics, String groupId, Duration retryUnit) {
    this(
        kafka,
        topics,
        groupId,
        retryUnit,
        Limits.DEFAULTS,
        new Health(),
        WebhookTargetPolicy.DEFAULT);
  }

  /**
   * @param retryUnit the wait before attempt n+1 is {@code 2 x n x retryUnit} (1 s in Tork)
   * @param targets where calls may connect ({@code --webhook-allow})
   */
  public WebhookDispatcher(
      KafkaClients kafka,
      Topics topics,
      String groupId,
      Duration retryUnit,
      Limits limits,
      Health health,
      WebhookTargets targets) {
    this.kafka = kafka;
    this.topics = topics;
    this.groupId = groupId;
    this.health = health;
    this.caller = new WebhookCaller(DEADLINE, retryUnit, targets, limits, counters);
    this.endpoints = new WebhookEndpoints(runners, caller::call);
  }

  /** Calls delivered, given up and refused since the start (for metrics). */
  public WebhookCounters counters() {
    return counters;
  }

  public void start() {
    loop = RestartingLoop.start(NAME, health, this::consume);
  }

  private KafkaConsumer<String, byte[]> consumer() {
    return kafka.consumer(
        Map.of(
            ConsumerConfig.GROUP_ID_CONFIG,
            groupId,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            500));
  }

  /** One run of the loop: reads, hands calls out, commits what is delivered. */
  private void consume(BooleanSupplier stopping) {
    DeliveredOffsets offsets = new DeliveredOffsets();
    consuming = true;
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      consumer.subscribe(List.of(topics.webhooks()), new Revocations(consumer, offsets));
      wakeOnStop = consumer::wakeup;
      if (closing) {
        return;
      }
      boolean paused = false;
      while (!closing && !stopping.getAsBoolean()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          hand(record, offsets);
        }
        health.up(NAME);
        commit(consumer, offsets, consumer.assignment());
        int queued = endpoints.queued();
        if (!paused && queued > MAX_QUEUED) {
          consumer.pause(consumer.assignment());
          paused = true;
        } else if (paused && queued < MAX_QUEUED / 2) {
          consumer.resume(consumer.paused());
          paused = false;
        }
      }
      commit(consumer, offsets, consumer.assignment());
    } catch (WakeupException e) {
      if (!closing && !stopping.getAsBoolean()) {
        throw e;
      }
    } finally {
      consuming = false;
      if (closing) {
        closed.countDown();
      }
    }
  }

  private volatile Runnable wakeOnStop = () -> {};
  private volatile boolean closing;
  private volatile boolean consuming;
  private final java.util.concurrent.CountDownLatch closed =
      new java.util.concurrent.CountDownLatch(1);

  private void hand(ConsumerRecord<String, byte[]> record, DeliveredOffsets offsets) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    offsets.read(partition, record.offset());
    Runnable done = () -> offsets.done(partition, record.offset());
    WebhookCall call;
    try {
      call = record.value() == null ? null : Json.read(record.value(), WebhookCall.class);
    } catch (RuntimeException e) {
      log.atWarn()
          .addKeyValue("jobId", record.key())
          .addKeyValue("offset", record.offset())
          .addKeyValue("error", e.getMessage())
          .log("webhook call dropped: not a call");
      call = null;
    }
    if (call == null) {
      done.run();
      return;
    }
    endpoints.submit(new WebhookEndpoints.Work(call, done));
  }

  private static void commit(
      KafkaConsumer<String, byte[]> consumer,
      DeliveredOffsets offsets,
      Set<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> ready = offsets.toCommit(partitions);
    if (!ready.isEmpty()) {
      consumer.commitSync(ready);
      offsets.committed(ready);
    }
  }

  /** A partition that leaves commits what is delivered, and is forgotten. */
  private static final class Revocations implements ConsumerRebalanceListener {
    private final KafkaConsumer<String, byte[]> consumer;
    private final DeliveredOffsets offsets;

    Revocations(KafkaConsumer<String, byte[]> consumer, DeliveredOffsets offsets) {
      this.consumer = consumer;
      this.offsets = offsets;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      commit(consumer, offsets, Set.copyOf(partitions));
      partitions.forEach(offsets::forget);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      partitions.forEach(offsets::forget);
    }
  }

  /**
   * Stops reading and leaves the group, then stops the calls under way (they come again to the next
   * reader: not committed). The consumer closes before the loop's thread is interrupted, so that it
   * leaves cleanly.
   */
  @Override
  public void close() {
    if (loop != null) {
      closing = true;
      wakeOnStop.run();
      try {
        if (consuming) {
          closed.await(35, java.util.concurrent.TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      loop.close();
    }
    runners.shutdownNow();
    caller.close();
  }
}
