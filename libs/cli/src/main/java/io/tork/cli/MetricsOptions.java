package io.tork.cli;

import io.tork.kafka.Health;
import io.tork.kafka.metrics.MetricsEndpoint;
import io.tork.kafka.metrics.MetricsServer;
import io.tork.kafka.metrics.ProcessMetrics;
import picocli.CommandLine.Option;

/**
 * The operations port every process has ({@link MetricsServer}): Prometheus metrics, liveness and
 * readiness. Each role has a default port of its own, so that one of each runs on a host as it is.
 */
public final class MetricsOptions {
  public static final int STANDALONE_PORT = 9464;
  public static final int SCHEDULER_PORT = 9465;
  public static final int GATEWAY_PORT = 9466;
  public static final int WORKER_PORT = 9467;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Port of GET /metrics (Prometheus), /health/live and /health/ready; 0 for any free one"
              + " (default: standalone 9464, scheduler 9465, gateway 9466, worker 9467).")
  Integer port;

  @Option(
      names = "--metrics-host",
      defaultValue = MetricsEndpoint.DEFAULT_HOST,
      description =
          "Address the metrics port listens on; it has no authentication, so loopback unless"
              + " something in front guards it (default: ${DEFAULT-VALUE}).")
  String host;

  /** Where to listen: the given port, else {@code defaultPort}. */
  public MetricsEndpoint endpoint(int defaultPort) {
    return new MetricsEndpoint(host, port != null ? port : defaultPort);
  }

  /** Fails at once, in one line, when the port is taken (before the slow part of a start). */
  public void requireFree(int defaultPort) {
    MetricsEndpoint where = endpoint(defaultPort);
    Ports.requireFree(where.host(), where.port(), "metrics", "choose another with --metrics-port");
  }

  /** Starts serving {@code metrics} and {@code health}. */
  public MetricsServer start(int defaultPort, ProcessMetrics metrics, Health health) {
    try {
      return MetricsServer.start(endpoint(defaultPort), metrics.registry(), health);
    } catch (java.io.UncheckedIOException e) {
      throw new StartupException(e.getMessage() + "; choose another with --metrics-port");
    }
  }
}
