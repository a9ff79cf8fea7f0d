package io.tork.worker.cli;

import io.tork.cli.Cli;
import io.tork.cli.MetricsOptions;
import io.tork.cli.NodeCommand;
import io.tork.cli.NodeParts;
import io.tork.kafka.KafkaClients;
import io.tork.worker.core.Directories;
import io.tork.worker.core.NodeLease;
import io.tork.worker.core.Runtime;
import io.tork.worker.core.Runtimes;
import io.tork.worker.kafka.WorkerApp;
import io.tork.worker.kafka.WorkerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tork worker}: a worker node of a distributed engine. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = "Run tasks from named queues in Docker containers.")
public final class WorkerCommand extends NodeCommand {
  private static final Logger log = LoggerFactory.getLogger(WorkerCommand.class);

  /** The worker's own runnable jar: {@code java -jar tork-worker-agent.jar --kafka B}. */
  public static void main(String[] args) {
    Cli.main(new WorkerCommand(), args);
  }

  @Mixin public MountOptions mounts;

  @Mixin public IsolationOptions isolation;

  @Option(
      names = "--queue",
      paramLabel = "NAME:N",
      split = ",",
      description =
          "A queue to serve and its concurrency; repeatable (default: default:"
              + WorkerSettings.DEFAULT_QUEUE_CONCURRENCY
              + ").")
  public List<String> queues = List.of();

  @Option(
      names = "--default-cpus-limit",
      defaultValue = "",
      description = "CPU limit for tasks that set none.")
  String defaultCpus;

  @Option(
      names = "--default-memory-limit",
      defaultValue = "",
      description = "Memory limit for tasks that set none.")
  String defaultMemory;

  @Option(
      names = "--runtime",
      defaultValue = "docker",
      description =
          "What runs tasks: docker, or shell (bash on this host, NOT isolated: trusted jobs only)"
              + " (default: ${DEFAULT-VALUE}).")
  String runtimeName;

  @Option(
      names = "--workdir",
      description =
          "Where the shell runtime makes each task's working directory, and the docker runtime"
              + " each container's /tork with --task-files bind; workers sharing it clean up after"
              + " each other (default: $XDG_STATE_HOME/tork/work, else"
              + " ~/.local/state/tork/work: private to this user).")
  Path workdir;

  /**
   * A per-user state directory, never a world-shared one such as {@code $TMPDIR/tork}: workers that
   * share a workdir reap each other's leftovers, so another user's worker must not find ours.
   */
  public static Path defaultWorkdir(Map<String, String> env, String userHome) {
    String state = env.getOrDefault("XDG_STATE_HOME", "");
    Path base = state.startsWith("/") ? Path.of(state) : Path.of(userHome, ".local", "state");
    return base.resolve("tork").resolve("work");
  }

  /** The workdir this worker uses: the one it was given, else the per-user default. */
  public Path workdir() {
    return workdir != null
        ? workdir
        : defaultWorkdir(System.getenv(), System.getProperty("user.home"));
  }

  /** How often a worker looks for ended nodes of its host to clean up after. */
  static final Duration REAP_INTERVAL = Duration.ofSeconds(5);

  @Override
  public Integer call() throws InterruptedException {
    NodeParts parts = startParts(MetricsOptions.WORKER_PORT); // tasks' secrets arrive sealed
    KafkaClients kafka = parts.kafka();
    Path workdir = workdir();
    String nodeId = WorkerApp.newNodeId();
    Runtime runtime =
        Runtimes.create(
            runtimeName,
            Runtimes.Options.builder(nodeId)
                .defaultLimits(defaultCpus, defaultMemory)
                .workdir(workdir.resolve(nodeId))
                .mounts(mounts.policy())
                .taskFiles(mounts.taskFiles())
                .isolation(isolation.policy())
                .build());
    WorkerApp worker =
        new WorkerApp(
            new WorkerSettings(
                kafka,
                cluster.topics(),
                nodeId,
                WorkerSettings.parseQueues(queues),
                cluster.partitions,
                cluster.replicationFactor,
                defaultCpus,
                defaultMemory,
                cluster.heartbeatInterval,
                limits.limits()),
            runtime,
            parts.health());
    // Workers of one host share --workdir: what an ended one left there and in Docker (containers
    // that still run) is removed by the next worker to look, at its start and every few seconds.
    NodeLease lease = NodeLease.take(workdir, nodeId);
    Runnable reap =
        () -> {
          try {
            lease.reapEnded(
                ended -> {
                  runtime.removeOrphansOf(ended);
                  Directories.deleteQuietly(workdir.resolve(ended));
                });
          } catch (RuntimeException e) {
            log.atWarn().setCause(e).log("cannot look for ended nodes");
          }
        };
    reap.run();
    ScheduledExecutorService reaper =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("reaper").daemon().factory());
    reaper.scheduleWithFixedDelay(
        reap, REAP_INTERVAL.toMillis(), REAP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    worker.start();
    Cli.runUntilStopped(
        () -> {
          reaper.shutdownNow();
          try {
            reaper.awaitTermination(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          worker.close();
          runtime.close();
          Directories.deleteQuietly(workdir.resolve(nodeId));
          // Released, not removed: a live worker removes whatever this stop left behind.
          lease.close();
          parts.close();
        });
    return 0;
  }
}
