package io.tork.standalone;

import io.tork.cli.Cli;
import io.tork.cli.EncryptionOptions;
import io.tork.cli.LimitOptions;
import io.tork.cli.MetricsOptions;
import io.tork.cli.Ports;
import io.tork.gateway.cli.AccessOptions;
import io.tork.gateway.cli.GatewayCommand;
import io.tork.gateway.cli.RetentionOptions;
import io.tork.gateway.security.ApiAccess;
import io.tork.scheduler.cli.SchedulerCommand;
import io.tork.scheduler.cli.WebhookOptions;
import io.tork.worker.cli.IsolationOptions;
import io.tork.worker.cli.MountOptions;
import io.tork.worker.cli.WorkerCommand;
import io.tork.worker.kafka.WorkerSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The {@code tork} command line. */
@Command(
    name = "tork",
    mixinStandardHelpOptions = true,
    version = "tork-java 0.1.0",
    description = "A distributed job execution engine on Apache Kafka.",
    footer = {
      "",
      "Client commands (talk to a running engine's REST API; see bin/tork run --help):",
      "  run         Submit a job and follow it to its end.",
      "  jobs        List, get, cancel or restart jobs.",
      "  logs        A job's or a task's log, optionally followed.",
      "  queues      The queues, their size and subscribers.",
      "  nodes       The nodes heard from.",
      "  health      Exit 0 when the API answers UP."
    },
    subcommands = {
      CommandLine.HelpCommand.class,
      Main.StandaloneCommand.class,
      SchedulerCommand.class,
      WorkerCommand.class,
      GatewayCommand.class
    })
public final class Main implements Runnable {
  public static void main(String[] args) {
    // Our logback.xml stays in charge: Spring Boot must not re-initialise logging.
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    System.exit(commandLine().execute(args));
  }

  /** The command line with its environment and config-file defaults. */
  static CommandLine commandLine() {
    return Cli.commandLine(new Main());
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  @Command(
      name = "standalone",
      mixinStandardHelpOptions = true,
      description =
          "Run the whole engine in one process: embedded Kafka, scheduler, worker, REST API.")
  static final class StandaloneCommand implements Callable<Integer> {
    @Option(
        names = "--port",
        defaultValue = "3000",
        description = "REST API port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
        names = "--data-dir",
        defaultValue = ".tork",
        description = "Where jobs, tasks and Kafka's logs live (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
        names = "--kafka-port",
        defaultValue = "9092",
        description = "Embedded broker port on 127.0.0.1, 0 for any (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
        names = "--queue",
        paramLabel = "NAME:N",
        split = ",",
        description =
            "A queue to serve and its concurrency; repeatable (default: default:"
                + WorkerSettings.DEFAULT_QUEUE_CONCURRENCY
                + ").")
    List<String> queues = List.of();

    @Option(
        names = "--default-cpus-limit",
        defaultValue = "",
        description = "CPU limit for tasks that set none, e.g. 1.5.")
    String defaultCpus;

    @Option(
        names = "--default-memory-limit",
        defaultValue = "",
        description = "Memory limit for tasks that set none, e.g. 512m.")
    String defaultMemory;

    @Option(
        names = "--runtime",
        defaultValue = "docker",
        description =
            "What runs tasks: docker, or shell (bash on this host, NOT isolated: trusted jobs"
                + " only) (default: ${DEFAULT-VALUE}).")
    String runtime;

    @Option(
        names = "--workdir",
        description =
            "Where the worker makes task directories (each container's /tork with --task-files"
                + " bind, the shell runtime's working directories) (default: <data-dir>/work).")
    Path workdir;

    @Mixin MountOptions mounts;

    @Mixin IsolationOptions isolation;
    @Mixin LimitOptions limits;

    @Mixin RetentionOptions retention;

    @Mixin AccessOptions access;
    @Mixin EncryptionOptions encryption;
    @Mixin WebhookOptions webhooks;
    @Mixin MetricsOptions metrics;

    @Override
    public Integer call() throws InterruptedException {
      // Before the slow part of the start: an open API off loopback, a busy port: one line, at
      // once.
      ApiAccess api = access.access();
      Ports.requireFree(access.host(), port, "the REST API", "choose another with --port");
      if (access.openToTheNetwork()) {
        AccessOptions.warnOpen(access.host());
      }
      Ports.requireFree(
          "127.0.0.1",
          kafkaPort,
          "the embedded Kafka broker",
          "choose another with --kafka-port, or --kafka-port 0 for any free port");
      metrics.requireFree(MetricsOptions.STANDALONE_PORT);
      Standalone engine =
          Standalone.start(
              encryption.keys(System.getenv(), dataDir.toAbsolutePath()),
              new StandaloneOptions(
                  port,
                  dataDir,
                  kafkaPort,
                  queues(queues),
                  defaultCpus,
                  defaultMemory,
                  runtime,
                  mounts.policy(),
                  mounts.taskFiles(),
                  workdir != null ? workdir : StandaloneOptions.defaultWorkdir(dataDir),
                  isolation.policy(),
                  limits.limits(),
                  retention.jobs,
                  retention.logs,
                  api,
                  webhooks.targets(),
                  metrics.endpoint(MetricsOptions.STANDALONE_PORT)));
      Cli.runUntilStopped(engine::close);
      return 0;
    }
  }

  static Map<String, Integer> queues(List<String> flags) {
    return WorkerSettings.parseQueues(flags);
  }
}
