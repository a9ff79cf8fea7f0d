package io.tork.cli;

import io.tork.kafka.Health;
import io.tork.kafka.KafkaClients;
import io.tork.kafka.KafkaProbe;
import io.tork.kafka.metrics.MetricsServer;
import io.tork.kafka.metrics.ProcessMetrics;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What every node of the engine runs besides its own work, closed after it.
 *
 * @param kafka its Kafka clients
 * @param health its parts' health, which its operations port shows
 * @param meters its meters, which its operations port shows
 * @param metricsServer its operations port
 * @param probe what watches the broker's reachability in {@code health}, if anything does
 */
public record NodeParts(
    KafkaClients kafka,
    Health health,
    ProcessMetrics meters,
    MetricsServer metricsServer,
    @Nullable KafkaProbe probe)
    implements AutoCloseable {
  private static final Duration PROBE_INTERVAL = Duration.ofSeconds(5);

  /**
   * The clients as the flags give them, then the metrics port (checked free first) serving; with
   * {@code metered}, clients that count into the node's meters, and the broker probed every few
   * seconds.
   */
  static NodeParts start(
      ClusterOptions cluster, MetricsOptions metrics, int defaultMetricsPort, boolean metered) {
    KafkaClients plain = cluster.clients();
    metrics.requireFree(defaultMetricsPort);
    Health health = new Health();
    ProcessMetrics meters = new ProcessMetrics();
    KafkaClients kafka = metered ? plain.withMeters(meters.registry()) : plain;
    MetricsServer server = metrics.start(defaultMetricsPort, meters, health);
    KafkaProbe probe = metered ? new KafkaProbe(kafka, health, PROBE_INTERVAL) : null;
    return new NodeParts(kafka, health, meters, server, probe);
  }

  @Override
  public void close() {
    if (probe != null) {
      probe.close();
    }
    metricsServer.close();
    meters.close();
  }
}
