package io.tork.scheduler.cli;

import io.tork.cli.Cli;
import io.tork.cli.ClusterOptions;
import io.tork.cli.EncryptionOptions;
import io.tork.cli.LimitOptions;
import io.tork.cli.MetricsOptions;
import io.tork.kafka.Health;
import io.tork.kafka.KafkaClients;
import io.tork.kafka.KafkaProbe;
import io.tork.kafka.metrics.MetricsServer;
import io.tork.kafka.metrics.ProcessMetrics;
import io.tork.scheduler.kafka.SchedulerApp;
import io.tork.scheduler.kafka.SchedulerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tork scheduler}: one instance of the coordinator; run as many as wanted. */
@Command(
    name = "scheduler",
    mixinStandardHelpOptions = true,
    description = "Run the scheduler (a Kafka Streams instance; instances share the work).")
public final class SchedulerCommand implements Callable<Integer> {
  /** The scheduler's own runnable jar: {@code java -jar tork-scheduler-stream.jar --kafka B}. */
  public static void main(String[] args) {
    Cli.main(new SchedulerCommand(), args);
  }

  @Mixin public ClusterOptions cluster;

  @Mixin public LimitOptions limits;

  @Mixin public EncryptionOptions encryption;
  @Mixin public WebhookOptions webhooks;
  @Mixin public MetricsOptions metrics;

  @Option(
      names = "--state-dir",
      defaultValue = ".tork/scheduler",
      description = "Where this instance keeps its RocksDB stores (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(
      names = "--instance-id",
      description = "A stable name for this instance (default: the host name).")
  String instanceId;

  @Option(
      names = "--standby-replicas",
      defaultValue = "1",
      description = "Warm copies of the stores on other instances (default: ${DEFAULT-VALUE}).")
  int standbyReplicas;

  @Option(
      names = "--node-expiry",
      converter = Cli.DurationConverter.class,
      description =
          "A worker silent this long is dead; its tasks run again (default: 3 heartbeat intervals).")
  Duration nodeExpiry;

  @Override
  public Integer call() throws Exception {
    encryption.install(System.getenv(), null); // templates see secrets; records hold them sealed
    String instance =
        instanceId != null ? instanceId : java.net.InetAddress.getLocalHost().getHostName();
    KafkaClients plain = cluster.clients();
    metrics.requireFree(MetricsOptions.SCHEDULER_PORT);
    Health health = new Health();
    ProcessMetrics meters = new ProcessMetrics();
    KafkaClients kafka = plain.withMeters(meters.registry());
    MetricsServer metricsServer = metrics.start(MetricsOptions.SCHEDULER_PORT, meters, health);
    KafkaProbe probe = new KafkaProbe(kafka, health, Duration.ofSeconds(5));
    SchedulerApp scheduler =
        new SchedulerApp(
            new SchedulerSettings(
                kafka,
                cluster.topics(),
                "tork-scheduler",
                stateDir,
                cluster.partitions,
                cluster.replicationFactor,
                standbyReplicas,
                Duration.ofMillis(10),
                cluster.nodeExpiry(nodeExpiry),
                cluster.heartbeatInterval,
                instance),
            limits.limits(),
            health,
            webhooks.targets());
    scheduler.start(Duration.ofSeconds(120));
    HealthLog healthLog = HealthLog.start(health, Duration.ofSeconds(5));
    Cli.runUntilStopped(
        () -> {
          healthLog.close();
          scheduler.close();
          probe.close();
          metricsServer.close();
          meters.close();
        });
    return 0;
  }
}
