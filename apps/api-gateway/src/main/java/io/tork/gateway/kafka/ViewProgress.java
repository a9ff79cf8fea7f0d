package io.tork.gateway.kafka;

import io.tork.gateway.core.ReadModel;
import io.tork.kafka.KafkaClientFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far the view has read its topics: loaded once it holds everything committed when it started
 * (ADR 4), and caught up with any later moment on request. The view's consumer thread reports its
 * positions (from where its store's last batch ended, ADR 33); readers wait here.
 */
final class ViewProgress implements ReadModel, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ViewProgress.class);
  // The end offsets a view loads up to when they could not be read: never reached, so it retries.
  private static final TopicPartition UNREACHABLE = new TopicPartition("unreachable", 0);
  private static final Duration LOAD_QUERY = Duration.ofSeconds(30);

  private final Admin admin;
  private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
  // Counted down once the view holds everything committed when it started: until then a job
  // missing from it may well exist (a restart replays the view topics from the beginning).
  private final CountDownLatch loaded = new CountDownLatch(1);
  private Map<TopicPartition, Long> loadTargets = Map.of(UNREACHABLE, Long.MAX_VALUE);
  private long loadStart;

  ViewProgress(KafkaClientFactory kafka) {
    this.admin = kafka.admin();
  }

  /**
   * The consumer thread: it reads each partition from {@code starts} now (where the store's last
   * batch ended, or the beginning). The view is loaded once it has read up to the end offsets of
   * this moment; a second call (the loop restarted) keeps an earlier load.
   */
  void assigned(Map<TopicPartition, Long> starts) throws InterruptedException {
    positions.putAll(starts);
    loadStart = System.nanoTime();
    if (!isLoaded()) {
      loadTargets = endOffsets(LOAD_QUERY);
    }
  }

  /** The id of the cluster the view reads, or empty when it cannot be read now. */
  String clusterId() throws InterruptedException {
    try {
      String id = admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
      return id == null ? "" : id;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the cluster's id: " + e.getMessage(), e);
    }
  }

  /**
   * The consumer thread, after each poll: its positions now.
   *
   * @return true the first time the view is loaded
   */
  boolean advanced(ToLongFunction<TopicPartition> position) throws InterruptedException {
    positions.replaceAll((tp, old) -> position.applyAsLong(tp));
    if (isLoaded()) {
      return false;
    }
    if (loadTargets.containsKey(UNREACHABLE)) {
      loadTargets = endOffsets(LOAD_QUERY);
      return false;
    }
    if (!reached(loadTargets)) {
      return false;
    }
    loaded.countDown();
    return true;
  }

  /** The consumer thread: how long its load has taken so far. */
  long msSinceLoadStart() {
    return (System.nanoTime() - loadStart) / 1_000_000;
  }

  @Override
  public boolean isLoaded() {
    return loaded.getCount() == 0;
  }

  @Override
  public boolean awaitLoaded(Duration timeout) throws InterruptedException {
    return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Blocks until loaded and past every record committed when called; false after timeout. */
  @Override
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (!awaitLoaded(timeout)) {
      return false;
    }
    Map<TopicPartition, Long> targets = endOffsets(timeout);
    while (System.nanoTime() < deadline) {
      if (reached(targets)) {
        return true;
      }
      Thread.sleep(5);
    }
    return false;
  }

  private boolean reached(Map<TopicPartition, Long> targets) {
    return targets.entrySet().stream()
        .allMatch(e -> positions.getOrDefault(e.getKey(), 0L) >= e.getValue());
  }

  private Map<TopicPartition, Long> endOffsets(Duration timeout) throws InterruptedException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    positions.keySet().forEach(tp -> request.put(tp, OffsetSpec.latest()));
    try {
      var result =
          admin
              .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
              .all()
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      Map<TopicPartition, Long> out = new HashMap<>();
      result.forEach((tp, info) -> out.put(tp, info.offset()));
      return out;
    } catch (ExecutionException | TimeoutException e) {
      log.atWarn().addKeyValue("error", e.getMessage()).log("cannot read end offsets");
      return Map.of(UNREACHABLE, Long.MAX_VALUE);
    }
  }

  @Override
  public void close() {
    admin.close();
  }
}
