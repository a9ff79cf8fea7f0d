package io.tork.standalone;

import io.tork.worker.kafka.WorkerSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code tork} command line. */
@Command(
    name = "tork",
    mixinStandardHelpOptions = true,
    version = "tork-java 0.1.0",
    description = "A distributed job execution engine on Apache Kafka.",
    subcommands = {
      Main.StandaloneCommand.class,
      SchedulerCommand.class,
      WorkerCommand.class,
      GatewayCommand.class
    })
public final class Main implements Runnable {
  /** Concurrency of the default queue when no --queue is given. */
  static final int DEFAULT_QUEUE_CONCURRENCY = 4;

  public static void main(String[] args) {
    // Our logback.xml stays in charge: Spring Boot must not re-initialise logging.
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    System.exit(commandLine().execute(args));
  }

  /** The command line with its environment and config-file defaults. */
  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setDefaultValueProvider(new EnvironmentDefaults());
    return commandLine;
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
                + DEFAULT_QUEUE_CONCURRENCY
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

    @Override
    public Integer call() throws InterruptedException {
      Standalone engine =
          Standalone.start(
              new StandaloneOptions(
                  port, dataDir, kafkaPort, queues(queues), defaultCpus, defaultMemory));
      runUntilStopped(engine::close);
      return 0;
    }
  }

  /** Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM), then runs {@code stop}. */
  static void runUntilStopped(AutoCloseable stop) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .unstarted(
                    () -> {
                      try {
                        stop.close();
                      } catch (Exception e) {
                        System.err.println("error while stopping: " + e.getMessage());
                      } finally {
                        stopped.countDown();
                      }
                    }));
    stopped.await();
  }

  /** Go-style durations on the command line: 5s, 300ms, 1m30s. */
  static final class DurationConverter implements CommandLine.ITypeConverter<java.time.Duration> {
    @Override
    public java.time.Duration convert(String value) {
      return io.tork.model.Durations.parse(value)
          .orElseThrow(
              () ->
                  new CommandLine.TypeConversionException(
                      "'" + value + "' is not a duration (e.g. 5s)"));
    }
  }

  static Map<String, Integer> queues(List<String> flags) {
    Map<String, Integer> queues = new LinkedHashMap<>();
    for (String flag : flags) {
      Map.Entry<String, Integer> queue = WorkerSettings.parseQueue(flag);
      queues.put(queue.getKey(), queue.getValue());
    }
    if (queues.isEmpty()) {
      queues.put("default", DEFAULT_QUEUE_CONCURRENCY);
    }
    return queues;
  }
}
