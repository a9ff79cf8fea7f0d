package io.tork.gateway.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.tork.gateway.core.NodeReads;
import io.tork.gateway.core.QueueReads;
import io.tork.gateway.core.ViewCounts;
import io.tork.kafka.metrics.LabelBudget;
import io.tork.model.Heartbeat;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the gateway knows of the engine, as gauges: {@code tork_queue_size{queue}}, the tasks
 * waiting in each queue of Kafka's (SCHEDULED in this gateway's view, as {@code GET /queues} counts
 * them), and {@code tork_nodes{role,status}}, the nodes heard from in the last 5 minutes, UP or
 * OFFLINE (as {@code GET /nodes} shows them). Read every few seconds off the request path, so a
 * scrape costs nothing; a queue once seen stays at 0 rather than vanishing. Every gateway reports
 * the same engine: take the max over gateways, not the sum.
 */
public final class GatewayMeters implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GatewayMeters.class);
  private static final Duration LISTED_FOR = Duration.ofMinutes(5);
  private static final List<String> ROLES = List.of("scheduler", "gateway", "worker");
  private static final List<String> STATUSES = List.of("UP", "OFFLINE");

  private final ViewCounts views;
  private final NodeReads nodes;
  private final QueueReads queueTopics;
  private final Duration nodeExpiry;
  private final Clock clock;
  private final MultiGauge queueSizes;
  private final MultiGauge nodeCounts;
  private final LabelBudget queues = new LabelBudget(LabelBudget.QUEUES);
  private final Set<String> queuesSeen = new TreeSet<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("gateway-meters").daemon().factory());

  public GatewayMeters(
      ViewCounts views,
      NodeReads nodes,
      QueueReads queueTopics,
      MeterRegistry registry,
      Duration nodeExpiry,
      Clock clock) {
    this.queueTopics = queueTopics;
    this.views = views;
    this.nodes = nodes;
    this.nodeExpiry = nodeExpiry;
    this.clock = clock;
    this.queueSizes =
        MultiGauge.builder("tork.queue.size")
            .description("Tasks waiting in each queue (SCHEDULED), as this gateway's view has them")
            .register(registry);
    this.nodeCounts =
        MultiGauge.builder("tork.nodes")
            .description("Nodes heard from in the last 5 minutes, by role and status")
            .register(registry);
  }

  /** Reads now, then every {@code every}. */
  public void start(Duration every) {
    timer.scheduleWithFixedDelay(this::refresh, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Reads the view and the heartbeats once (also what the timer runs). */
  synchronized void refresh() {
    try {
      refreshNodes();
      refreshQueues();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // A view still loading or closing: the gauges keep their last values until the next read.
      log.atDebug().addKeyValue("error", e.toString()).log("gateway meters not refreshed");
    }
  }

  private void refreshQueues() throws InterruptedException {
    Map<String, Long> sizes = new TreeMap<>();
    queueTopics.names().forEach(queue -> sizes.put(queues.of(queue), 0L));
    views.waitingByQueue().forEach((queue, size) -> sizes.merge(queues.of(queue), size, Long::sum));
    queuesSeen.addAll(sizes.keySet());
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (String queue : queuesSeen) {
      rows.add(MultiGauge.Row.of(Tags.of("queue", queue), sizes.getOrDefault(queue, 0L)));
    }
    queueSizes.register(rows, true);
  }

  private void refreshNodes() {
    Instant now = clock.instant();
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    ROLES.forEach(role -> STATUSES.forEach(status -> count(counts, role, status, 0)));
    for (Heartbeat beat : nodes.all()) {
      if (beat.at().isAfter(now.minus(LISTED_FOR))) {
        String status = beat.at().isBefore(now.minus(nodeExpiry)) ? "OFFLINE" : "UP";
        String role = ROLES.contains(beat.role()) ? beat.role() : LabelBudget.OTHER;
        count(counts, role, status, 1);
      }
    }
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    counts.forEach(
        (role, byStatus) ->
            byStatus.forEach(
                (status, n) ->
                    rows.add(MultiGauge.Row.of(Tags.of("role", role, "status", status), n))));
    nodeCounts.register(rows, true);
  }

  private static void count(
      Map<String, Map<String, Integer>> counts, String role, String status, int n) {
    counts.computeIfAbsent(role, r -> new TreeMap<>()).merge(status, n, Integer::sum);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
