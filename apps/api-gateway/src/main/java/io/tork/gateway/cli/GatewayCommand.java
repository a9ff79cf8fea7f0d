package io.tork.gateway.cli;

import io.tork.cli.Cli;
import io.tork.cli.MetricsOptions;
import io.tork.cli.NodeCommand;
import io.tork.cli.NodeParts;
import io.tork.cli.Ports;
import io.tork.gateway.GatewayApplication;
import io.tork.kafka.KafkaClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tork gateway}: the REST API; stateless besides its view, run as many as wanted. */
@Command(name = "gateway", mixinStandardHelpOptions = true, description = "Run the REST API.")
public final class GatewayCommand extends NodeCommand {
  /** The gateway's own runnable jar: {@code java -jar tork-api-gateway.jar --kafka B --port P}. */
  public static void main(String[] args) {
    Cli.main(new GatewayCommand(), args);
  }

  @Mixin public RetentionOptions retention;

  @Mixin public AccessOptions access;

  @Option(
      names = "--port",
      defaultValue = "3000",
      description = "REST API port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--node-expiry",
      converter = Cli.DurationConverter.class,
      description =
          "A node silent this long shows as OFFLINE in GET /nodes (default: 3 heartbeat"
              + " intervals).")
  Duration nodeExpiry;

  @Option(
      names = "--allow-host-network",
      description =
          "Accept jobs whose tasks use the host's network or another container's (networks:"
              + " [host], container:<id>); off by default, as on workers, which refuse them"
              + " unless given the same flag.")
  boolean allowHostNetwork;

  @Option(
      names = "--state-dir",
      description =
          "Where this gateway keeps its view of the jobs, one gateway per directory (default:"
              + " $XDG_STATE_HOME/tork/gateway-<port>, else ~/.local/state/tork/gateway-<port>).")
  Path stateDir;

  /**
   * Where a gateway keeps its view unless told: private to the user it runs as, like a worker's
   * workdir, and one per port (two gateways of one host cannot share a port, nor a view).
   */
  public static Path defaultStateDir(Map<String, String> env, String userHome, int port) {
    String state = env.getOrDefault("XDG_STATE_HOME", "");
    Path base = state.startsWith("/") ? Path.of(state) : Path.of(userHome, ".local", "state");
    return base.resolve("tork").resolve("gateway-" + port);
  }

  /** The state dir this gateway uses: the one it was given, else the per-user default. */
  public Path stateDir() {
    return stateDir != null
        ? stateDir
        : defaultStateDir(System.getenv(), System.getProperty("user.home"), port);
  }

  @Override
  public Integer call() throws InterruptedException {
    access.access(); // refuses an open API off loopback, in one line, before anything starts
    Ports.requireFree(access.host(), port, "the REST API", "choose another with --port");
    if (access.openToTheNetwork()) {
      AccessOptions.warnOpen(access.host());
    }
    // Submissions go to the jobs topic sealed; the gateway's own Kafka clients are Spring's.
    NodeParts parts = startPartsWithPlainClients(MetricsOptions.GATEWAY_PORT);
    ConfigurableApplicationContext gateway =
        new SpringApplicationBuilder(GatewayApplication.class)
            .properties(Map.of("spring.main.register-shutdown-hook", "false"))
            .initializers(
                (ConfigurableApplicationContext context) -> {
                  context.getBeanFactory().registerSingleton("health", parts.health());
                  context
                      .getBeanFactory()
                      .registerSingleton("meterRegistry", parts.meters().registry());
                  context
                      .getEnvironment()
                      .getPropertySources()
                      .addFirst(
                          new MapPropertySource("kafka-config", kafkaProperties(parts.kafka())));
                })
            .run(springArgs().toArray(String[]::new));
    Cli.runUntilStopped(
        () -> {
          gateway.close();
          parts.close();
        });
    return 0;
  }

  /**
   * The properties of {@code --kafka-config} as Spring Boot's {@code spring.kafka.properties.*},
   * which apply to every client of the gateway: kept in memory, ahead of every other source, never
   * on a command line.
   */
  public static Map<String, Object> kafkaProperties(KafkaClients kafka) {
    Map<String, Object> out = new TreeMap<>();
    kafka
        .config()
        .properties()
        .forEach((key, value) -> out.put("spring.kafka.properties." + key, value));
    return out;
  }

  /** The gateway's settings, as the flags give them (as arguments: they win over its defaults). */
  public List<String> springArgs() {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=" + port,
                "--tork.bootstrap-servers=" + cluster.clients().bootstrapServers(),
                "--tork.topic-prefix=" + cluster.topicPrefix,
                "--tork.heartbeat-interval=" + cluster.heartbeatInterval.toMillis() + "ms",
                "--tork.node-expiry=" + cluster.nodeExpiry(nodeExpiry).toMillis() + "ms",
                "--tork.allow-host-network=" + allowHostNetwork,
                "--tork.max-body-size=" + limits.limits().maxBodyBytes() + "B",
                "--tork.state-dir=" + stateDir()));
    args.addAll(retention.properties());
    args.addAll(access.access().springArgs());
    return args;
  }
}
