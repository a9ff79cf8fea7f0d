package io.tork.standalone;

import io.tork.kafka.metrics.MetricsEndpoint;
import io.tork.model.Limits;
import io.tork.worker.core.IsolationPolicy;
import io.tork.worker.core.MountPolicy;
import io.tork.worker.core.TaskFilesMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Everything {@code tork standalone} needs. The shorter constructors serve metrics on any free port
 * of loopback (tests); the command line gives {@link #withMetrics} its port.
 *
 * @param kafkaPort the embedded broker's client port on 127.0.0.1 (0 = any free port)
 * @param queues queue name -> concurrency of the embedded worker
 * @param runtime what runs tasks: docker, shell, or a runtime provider's name
 * @param mounts which bind mounts tasks may have
 * @param taskFiles how the docker runtime hands containers their {@code /tork}
 * @param workdir where the worker makes task directories (bind-mounted {@code /tork}s, the shell
 *     runtime's working directories); private to this engine, under the data dir by default
 * @param isolation how the worker confines containers; the API refuses at submission what it names
 *     that the worker would refuse
 * @param limits every size the engine bounds, one set for all its parts
 * @param jobRetention how long the API keeps a job after it ended
 * @param logRetention how long the API keeps a log line
 * @param metrics where the engine serves its metrics and health, one port for all its parts
 */
public record StandaloneOptions(
    int port,
    Path dataDir,
    int kafkaPort,
    Map<String, Integer> queues,
    String defaultCpus,
    String defaultMemory,
    String runtime,
    MountPolicy mounts,
    TaskFilesMode taskFiles,
    Path workdir,
    IsolationPolicy isolation,
    Limits limits,
    Duration jobRetention,
    Duration logRetention,
    MetricsEndpoint metrics) {
  /** Tork's retention: ended jobs a year, logs a week. */
  public static final Duration DEFAULT_JOB_RETENTION = Duration.ofDays(365);

  public static final Duration DEFAULT_LOG_RETENTION = Duration.ofDays(7);

  /** Paths are absolute from here on, whoever built the options (the command line already does). */
  public StandaloneOptions {
    dataDir = dataDir.toAbsolutePath().normalize();
    workdir = workdir.toAbsolutePath().normalize();
  }

  /** The default isolation, limits and retention. */
  public StandaloneOptions(
      int port,
      Path dataDir,
      int kafkaPort,
      Map<String, Integer> queues,
      String defaultCpus,
      String defaultMemory,
      String runtime,
      MountPolicy mounts,
      TaskFilesMode taskFiles,
      Path workdir) {
    this(
        port,
        dataDir,
        kafkaPort,
        queues,
        defaultCpus,
        defaultMemory,
        runtime,
        mounts,
        taskFiles,
        workdir,
        IsolationPolicy.DEFAULT,
        Limits.DEFAULTS,
        DEFAULT_JOB_RETENTION,
        DEFAULT_LOG_RETENTION,
        MetricsEndpoint.ANY_LOOPBACK_PORT);
  }

  /** The same options with other limits. */
  public StandaloneOptions withLimits(Limits other) {
    return new StandaloneOptions(
        port,
        dataDir,
        kafkaPort,
        queues,
        defaultCpus,
        defaultMemory,
        runtime,
        mounts,
        taskFiles,
        workdir,
        isolation,
        other,
        jobRetention,
        logRetention,
        metrics);
  }

  /** The same options with another isolation policy. */
  public StandaloneOptions withIsolation(IsolationPolicy other) {
    return new StandaloneOptions(
        port,
        dataDir,
        kafkaPort,
        queues,
        defaultCpus,
        defaultMemory,
        runtime,
        mounts,
        taskFiles,
        workdir,
        other,
        limits,
        jobRetention,
        logRetention,
        metrics);
  }

  /** The same options with the metrics and health served elsewhere. */
  public StandaloneOptions withMetrics(MetricsEndpoint other) {
    return new StandaloneOptions(
        port,
        dataDir,
        kafkaPort,
        queues,
        defaultCpus,
        defaultMemory,
        runtime,
        mounts,
        taskFiles,
        workdir,
        isolation,
        limits,
        jobRetention,
        logRetention,
        other);
  }

  /** Where the API keeps its view of the jobs: inside the engine's own data dir. */
  public Path gatewayStateDir() {
    return dataDir.resolve("gateway");
  }

  /** Task directories under {@code <dataDir>/work}. */
  public StandaloneOptions(
      int port,
      Path dataDir,
      int kafkaPort,
      Map<String, Integer> queues,
      String defaultCpus,
      String defaultMemory,
      String runtime,
      MountPolicy mounts,
      TaskFilesMode taskFiles) {
    this(
        port,
        dataDir,
        kafkaPort,
        queues,
        defaultCpus,
        defaultMemory,
        runtime,
        mounts,
        taskFiles,
        defaultWorkdir(dataDir));
  }

  /** Where task directories go unless told: inside the engine's own data dir. */
  public static Path defaultWorkdir(Path dataDir) {
    return dataDir.resolve("work");
  }

  /** {@code /tork} as {@link TaskFilesMode#AUTO} decides. */
  public StandaloneOptions(
      int port,
      Path dataDir,
      int kafkaPort,
      Map<String, Integer> queues,
      String defaultCpus,
      String defaultMemory,
      String runtime,
      MountPolicy mounts) {
    this(
        port,
        dataDir,
        kafkaPort,
        queues,
        defaultCpus,
        defaultMemory,
        runtime,
        mounts,
        TaskFilesMode.AUTO);
  }

  /** No bind mounts. */
  public StandaloneOptions(
      int port,
      Path dataDir,
      int kafkaPort,
      Map<String, Integer> queues,
      String defaultCpus,
      String defaultMemory,
      String runtime) {
    this(
        port,
        dataDir,
        kafkaPort,
        queues,
        defaultCpus,
        defaultMemory,
        runtime,
        MountPolicy.DENY_BINDS);
  }

  /** With the Docker runtime. */
  public StandaloneOptions(
      int port,
      Path dataDir,
      int kafkaPort,
      Map<String, Integer> queues,
      String defaultCpus,
      String defaultMemory) {
    this(port, dataDir, kafkaPort, queues, defaultCpus, defaultMemory, "docker");
  }
}
