package io.tork.gateway.cli;

import io.tork.cli.Cli;
import io.tork.cli.ClusterOptions;
import io.tork.cli.Ports;
import io.tork.gateway.GatewayApplication;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tork gateway}: the REST API; stateless besides its view, run as many as wanted. */
@Command(name = "gateway", mixinStandardHelpOptions = true, description = "Run the REST API.")
public final class GatewayCommand implements Callable<Integer> {
  /** The gateway's own runnable jar: {@code java -jar tork-api-gateway.jar --kafka B --port P}. */
  public static void main(String[] args) {
    Cli.main(new GatewayCommand(), args);
  }

  @Mixin public ClusterOptions cluster;

  @Option(
      names = "--port",
      defaultValue = "3000",
      description = "REST API port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--node-expiry",
      converter = Cli.DurationConverter.class,
      description =
          "A node silent this long shows as OFFLINE in GET /nodes (default: 3 heartbeat intervals).")
  Duration nodeExpiry;

  @Option(
      names = "--allow-host-network",
      description =
          "Accept jobs whose tasks use the host's network or another container's (networks:"
              + " [host], container:<id>); off by default, as on workers, which refuse them"
              + " unless given the same flag.")
  boolean allowHostNetwork;

  @Override
  public Integer call() throws InterruptedException {
    Ports.requireFree("0.0.0.0", port, "the REST API", "choose another with --port");
    ConfigurableApplicationContext gateway =
        new SpringApplicationBuilder(GatewayApplication.class)
            .properties(Map.of("spring.main.register-shutdown-hook", "false"))
            .run(
                "--server.port=" + port,
                "--tork.bootstrap-servers=" + cluster.kafka,
                "--tork.topic-prefix=" + cluster.topicPrefix,
                "--tork.heartbeat-interval=" + cluster.heartbeatInterval.toMillis() + "ms",
                "--tork.node-expiry=" + cluster.nodeExpiry(nodeExpiry).toMillis() + "ms",
                "--tork.allow-host-network=" + allowHostNetwork);
    Cli.runUntilStopped(gateway::close);
    return 0;
  }
}
