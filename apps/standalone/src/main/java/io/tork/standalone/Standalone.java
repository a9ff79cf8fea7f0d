package io.tork.standalone;

import io.tork.cli.EncryptionOptions;
import io.tork.gateway.GatewayApplication;
import io.tork.gateway.kafka.JobViews;
import io.tork.kafka.Health;
import io.tork.kafka.KafkaClients;
import io.tork.kafka.metrics.MetricsServer;
import io.tork.kafka.metrics.ProcessMetrics;
import io.tork.model.TaskPolicy;
import io.tork.model.Topics;
import io.tork.model.codec.Sealing;
import io.tork.model.secrets.KeyRing;
import io.tork.scheduler.kafka.SchedulerApp;
import io.tork.scheduler.kafka.SchedulerSettings;
import io.tork.scheduler.kafka.WebhookCounters;
import io.tork.worker.core.Runtime;
import io.tork.worker.core.Runtimes;
import io.tork.worker.docker.DockerRuntime;
import io.tork.worker.kafka.WorkerApp;
import io.tork.worker.kafka.WorkerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole engine in one JVM: an embedded KRaft broker, the scheduler topology, one worker and the
 * REST API. Everything it keeps lives under the data directory, so jobs survive a restart.
 */
public final class Standalone implements AutoCloseable {
  private static final Duration VIEW_LOAD_TIMEOUT = Duration.ofMinutes(5);
  private static final Logger log = LoggerFactory.getLogger(Standalone.class);

  /** Stopped in reverse order of start. */
  private final Deque<AutoCloseable> started = new ArrayDeque<>();

  /** The parts of this process: one for all, so that {@code /health} tells about all of them. */
  private final Health health = new Health();

  /** The meters of all its parts, served on one port. */
  private final ProcessMetrics metrics = new ProcessMetrics();

  private int metricsPort;

  private String bootstrapServers = "";
  private JobViews jobViews;
  private ConfigurableApplicationContext gateway;
  private String nodeId = "";
  private int port;
  private WebhookCounters webhookCounters = new WebhookCounters();

  private Standalone() {}

  /**
   * Starts everything with the data dir's encryption key ({@code encryption.key}, made on first
   * start); on a failure part-way, stops what started and rethrows.
   */
  public static Standalone start(StandaloneOptions options) {
    return start(new EncryptionOptions().keys(Map.of(), options.dataDir()), options);
  }

  /** Starts everything, sealing secrets with {@code keys} (ADR 45, 46). */
  public static Standalone start(KeyRing keys, StandaloneOptions options) {
    Sealing.install(keys);
    Standalone engine = new Standalone();
    try {
      engine.boot(options);
      return engine;
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  private void boot(StandaloneOptions options) {
    long begin = System.nanoTime();
    started.push(metrics);
    MetricsServer metricsServer =
        MetricsServer.start(options.metrics(), metrics.registry(), health);
    started.push(metricsServer);
    this.metricsPort = metricsServer.port();
    EmbeddedKafka kafka =
        EmbeddedKafka.start(options.dataDir().resolve("kafka"), options.kafkaPort());
    started.push(kafka);
    this.bootstrapServers = kafka.bootstrapServers();
    // Its own broker, on loopback and plaintext: its clients need no other setting.
    KafkaClients clients = KafkaClients.to(bootstrapServers).withMeters(metrics.registry());

    SchedulerApp scheduler =
        new SchedulerApp(
            SchedulerSettings.standalone(clients, options.dataDir().resolve("streams")),
            options.limits(),
            health,
            options.webhookTargets());
    started.push(scheduler);
    this.webhookCounters = scheduler.webhookCounters();
    scheduler.start(Duration.ofSeconds(60));

    this.nodeId = WorkerApp.newNodeId();
    Runtime runtime =
        Runtimes.create(
            options.runtime(),
            new Runtimes.Options(
                nodeId,
                options.defaultCpus(),
                options.defaultMemory(),
                options.workdir(),
                options.mounts(),
                options.taskFiles(),
                options.isolation()));
    started.push(runtime);
    if (runtime instanceof DockerRuntime docker) {
      removeOrphansOfThePreviousRun(docker, options.dataDir());
    }
    WorkerApp worker =
        new WorkerApp(
            new WorkerSettings(
                clients,
                Topics.DEFAULT,
                nodeId,
                options.queues(),
                12,
                (short) 1,
                options.defaultCpus(),
                options.defaultMemory(),
                WorkerSettings.DEFAULT_HEARTBEAT_INTERVAL,
                options.limits()),
            runtime,
            health);
    started.push(worker);
    worker.start();

    // As arguments, not default properties: those would lose to the gateway's own defaults.
    ConfigurableApplicationContext gateway =
        new SpringApplicationBuilder(GatewayApplication.class)
            .properties(Map.of("spring.main.register-shutdown-hook", "false"))
            .initializers(
                (ConfigurableApplicationContext context) -> {
                  context.getBeanFactory().registerSingleton("limits", options.limits());
                  context.getBeanFactory().registerSingleton("health", health);
                  context.getBeanFactory().registerSingleton("meterRegistry", metrics.registry());
                })
            .run(gatewayArgs(options).toArray(String[]::new));
    started.push(gateway::close);
    this.gateway = gateway;
    this.port = Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port", "0"));
    this.jobViews = gateway.getBean(JobViews.class);
    // Up means serving: the API's view holds what earlier runs left (ADR 4, 33).
    try {
      if (!jobViews.awaitCaughtUp(VIEW_LOAD_TIMEOUT)) {
        log.atWarn()
            .addKeyValue("timeout", VIEW_LOAD_TIMEOUT)
            .log("the API's job view is still loading; reads answer 503 until it has");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the job view loaded", e);
    }
    log.atInfo()
        .addKeyValue("port", port)
        .addKeyValue("metricsPort", metricsPort)
        .addKeyValue("kafka", bootstrapServers)
        .addKeyValue("dataDir", options.dataDir())
        .addKeyValue("queues", options.queues())
        .addKeyValue("startupMs", (System.nanoTime() - begin) / 1_000_000)
        .log("tork standalone is up");
  }

  /**
   * The API's settings: its view under the data dir, the engine's limits and retention, and it
   * refuses at submission what the embedded worker would refuse (docs/security.md).
   */
  private List<String> gatewayArgs(StandaloneOptions options) {
    TaskPolicy tasks = options.isolation().tasks();
    List<String> args = new ArrayList<>();
    args.add("--server.port=" + options.port());
    args.add("--tork.bootstrap-servers=" + bootstrapServers);
    args.add("--tork.state-dir=" + options.gatewayStateDir());
    args.add("--tork.max-body-size=" + options.limits().maxBodyBytes() + "B");
    args.add("--tork.job-retention=" + options.jobRetention().toMillis() + "ms");
    args.add("--tork.log-retention=" + options.logRetention().toMillis() + "ms");
    args.add("--tork.allow-host-network=" + tasks.hostNetworks());
    if (!tasks.allowedNetworks().isEmpty()) {
      args.add("--tork.allowed-networks=" + String.join(",", tasks.allowedNetworks()));
    }
    if (!tasks.allowedImages().isEmpty()) {
      args.add("--tork.allowed-images=" + String.join(",", tasks.allowedImages()));
    }
    args.addAll(options.access().springArgs());
    return args;
  }

  /** The parts of this process and their states (what {@code /health} shows). */
  public Health health() {
    return health;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Each run has a new node id (so that the scheduler sees the previous node go silent and recovers
   * its tasks); the previous one is kept in the data dir so that the containers a crash left behind
   * are removed, and only those: other engines may share this Docker.
   */
  private void removeOrphansOfThePreviousRun(DockerRuntime runtime, Path dataDir) {
    Path file = dataDir.resolve("node-id");
    try {
      if (Files.exists(file)) {
        runtime.removeOrphansOf(Files.readString(file).strip());
      }
      Files.writeString(file, nodeId);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the node id in " + file, e);
    }
  }

  /** What the webhook dispatcher delivered, gave up and refused (for metrics). */
  public WebhookCounters webhookCounters() {
    return webhookCounters;
  }

  /** The port of its metrics and health (the real one when started with port 0). */
  public int metricsPort() {
    return metricsPort;
  }

  /** The REST API's port (the real one when started with port 0). */
  public int port() {
    return port;
  }

  String nodeId() {
    return nodeId;
  }

  /** The REST API's application context (tests: its routes). */
  ConfigurableApplicationContext gateway() {
    return gateway;
  }

  /** The API's view of the jobs (tests). */
  JobViews jobViews() {
    return jobViews;
  }

  @Override
  public synchronized void close() {
    while (!started.isEmpty()) {
      AutoCloseable next = started.pop();
      try {
        next.close();
      } catch (Exception e) {
        log.atWarn()
            .addKeyValue("error", String.valueOf(e.getMessage()))
            .log("error while stopping");
      }
    }
    log.info("tork standalone stopped");
  }
}
