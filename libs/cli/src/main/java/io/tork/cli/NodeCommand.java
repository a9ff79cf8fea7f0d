package io.tork.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * A process of a distributed engine (scheduler, worker, gateway): what each takes, where Kafka is,
 * the engine's limits, its encryption keys and its operations port, and what each starts first.
 */
public abstract class NodeCommand implements Callable<Integer> {
  @Mixin public ClusterOptions cluster;

  @Mixin public LimitOptions limits;

  @Mixin public EncryptionOptions encryption;

  @Mixin public MetricsOptions metrics;

  /**
   * Installs the encryption keys, then starts the parts every node has ({@link NodeParts}), its
   * Kafka clients metered and the broker probed; a bad flag or a taken port fails here, in one
   * line, before the node's own slow start.
   */
  protected NodeParts startParts(int defaultMetricsPort) {
    encryption.install(System.getenv(), null);
    return NodeParts.start(cluster, metrics, defaultMetricsPort, true);
  }

  /** {@link #startParts}, for a node whose Kafka clients are made (and metered) elsewhere. */
  protected NodeParts startPartsWithPlainClients(int defaultMetricsPort) {
    encryption.install(System.getenv(), null);
    return NodeParts.start(cluster, metrics, defaultMetricsPort, false);
  }
}
