package io.tork.scheduler.cli;

import io.tork.cli.Cli;
import io.tork.cli.MetricsOptions;
import io.tork.cli.NodeCommand;
import io.tork.cli.NodeParts;
import io.tork.kafka.KafkaClients;
import io.tork.scheduler.kafka.SchedulerApp;
import io.tork.scheduler.kafka.SchedulerSettings;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tork scheduler}: one instance of the coordinator; run as many as wanted. */
@Command(
    name = "scheduler",
    mixinStandardHelpOptions = true,
    description = "Run the scheduler (a Kafka Streams instance; instances share the work).")
public final class SchedulerCommand extends NodeCommand {
  /** The scheduler's own runnable jar: {@code java -jar tork-scheduler-stream.jar --kafka B}. */
  public static void main(String[] args) {
    Cli.main(new SchedulerCommand(), args);
  }

  @Mixin public WebhookOptions webhooks;

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
    String instance =
        instanceId != null ? instanceId : java.net.InetAddress.getLocalHost().getHostName();
    // Templates see secrets; records hold them sealed.
    NodeParts parts = startParts(MetricsOptions.SCHEDULER_PORT);
    KafkaClients kafka = parts.kafka();
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
            parts.health(),
            webhooks.targets());
    scheduler.start(Duration.ofSeconds(120));
    HealthLog healthLog = HealthLog.start(parts.health(), Duration.ofSeconds(5));
    Cli.runUntilStopped(
        () -> {
          healthLog.close();
          scheduler.close();
          parts.close();
        });
    return 0;
  }
}
