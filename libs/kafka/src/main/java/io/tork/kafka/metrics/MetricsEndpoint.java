package io.tork.kafka.metrics;

/**
 * Where a process serves its metrics and health ({@link MetricsServer}): loopback by default, so
 * that what the meters tell (queue names, node counts) reaches only this host unless the operator
 * binds it wider on purpose ({@code --metrics-host 0.0.0.0} behind a firewall or in a pod).
 *
 * @param port 0 picks a free one
 */
public record MetricsEndpoint(String host, int port) {
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** Any free port on loopback (tests, embedded engines). */
  public static final MetricsEndpoint ANY_LOOPBACK_PORT = new MetricsEndpoint(DEFAULT_HOST, 0);

  public MetricsEndpoint {
    if (host.isBlank()) {
      throw new IllegalArgumentException("the metrics host may not be empty");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("the metrics port must be 0 to 65535, not " + port);
    }
  }
}
