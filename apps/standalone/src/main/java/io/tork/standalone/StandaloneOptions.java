package io.tork.standalone;

import io.tork.gateway.security.ApiAccess;
import io.tork.kafka.metrics.MetricsEndpoint;
import io.tork.model.Limits;
import io.tork.scheduler.kafka.WebhookTargetPolicy;
import io.tork.scheduler.kafka.WebhookTargets;
import io.tork.worker.core.IsolationPolicy;
import io.tork.worker.core.MountPolicy;
import io.tork.worker.core.TaskFilesMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Everything {@code tork standalone} needs. {@link #defaults} gives the defaults of everything but
 * the data dir and the queues (metrics on any free port of loopback, for tests); {@link #toBuilder}
 * changes one part of a whole set.
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
 * @param access where the API listens and who may call it (loopback, no authentication: {@link
 *     ApiAccess#LOOPBACK})
 * @param webhookTargets where webhook calls may connect ({@code --webhook-allow})
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
    ApiAccess access,
    WebhookTargets webhookTargets,
    MetricsEndpoint metrics) {
  /** Tork's retention: ended jobs a year, logs a week. */
  public static final Duration DEFAULT_JOB_RETENTION = Duration.ofDays(365);

  public static final Duration DEFAULT_LOG_RETENTION = Duration.ofDays(7);

  /** Paths are absolute from here on, whoever built the options (the command line already does). */
  public StandaloneOptions {
    dataDir = dataDir.toAbsolutePath().normalize();
    workdir = workdir.toAbsolutePath().normalize();
  }

  /**
   * Every default a user gets (the Docker runtime, no bind mounts, task directories under the data
   * dir), on any free ports of loopback: {@link #toBuilder} changes the rest.
   */
  public static StandaloneOptions defaults(Path dataDir, Map<String, Integer> queues) {
    return new StandaloneOptions(
        0,
        dataDir,
        0,
        queues,
        "",
        "",
        "docker",
        MountPolicy.DENY_BINDS,
        TaskFilesMode.AUTO,
        defaultWorkdir(dataDir),
        IsolationPolicy.DEFAULT,
        Limits.DEFAULTS,
        DEFAULT_JOB_RETENTION,
        DEFAULT_LOG_RETENTION,
        ApiAccess.LOOPBACK,
        WebhookTargetPolicy.DEFAULT,
        MetricsEndpoint.ANY_LOOPBACK_PORT);
  }

  /** A builder holding these options, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The same options with other limits. */
  public StandaloneOptions withLimits(Limits other) {
    return toBuilder().limits(other).build();
  }

  /** The same options with another isolation policy. */
  public StandaloneOptions withIsolation(IsolationPolicy other) {
    return toBuilder().isolation(other).build();
  }

  /** The same options with another address and other callers for the API. */
  public StandaloneOptions withAccess(ApiAccess other) {
    return toBuilder().access(other).build();
  }

  /** The same options with webhook calls allowed where {@code other} says. */
  public StandaloneOptions withWebhookTargets(WebhookTargets other) {
    return toBuilder().webhookTargets(other).build();
  }

  /** The same options with the metrics and health served elsewhere. */
  public StandaloneOptions withMetrics(MetricsEndpoint other) {
    return toBuilder().metrics(other).build();
  }

  /** Options changed one part at a time, from a whole set. */
  public static final class Builder {
    private final StandaloneOptions from;
    private String runtime;
    private MountPolicy mounts;
    private IsolationPolicy isolation;
    private Limits limits;
    private Duration jobRetention;
    private Duration logRetention;
    private ApiAccess access;
    private WebhookTargets webhookTargets;
    private MetricsEndpoint metrics;

    private Builder(StandaloneOptions from) {
      this.from = from;
      runtime = from.runtime;
      mounts = from.mounts;
      isolation = from.isolation;
      limits = from.limits;
      jobRetention = from.jobRetention;
      logRetention = from.logRetention;
      access = from.access;
      webhookTargets = from.webhookTargets;
      metrics = from.metrics;
    }

    public Builder runtime(String v) {
      runtime = v;
      return this;
    }

    public Builder mounts(MountPolicy v) {
      mounts = v;
      return this;
    }

    public Builder isolation(IsolationPolicy v) {
      isolation = v;
      return this;
    }

    public Builder limits(Limits v) {
      limits = v;
      return this;
    }

    public Builder jobRetention(Duration v) {
      jobRetention = v;
      return this;
    }

    public Builder logRetention(Duration v) {
      logRetention = v;
      return this;
    }

    public Builder access(ApiAccess v) {
      access = v;
      return this;
    }

    public Builder webhookTargets(WebhookTargets v) {
      webhookTargets = v;
      return this;
    }

    public Builder metrics(MetricsEndpoint v) {
      metrics = v;
      return this;
    }

    public StandaloneOptions build() {
      return new StandaloneOptions(
          from.port,
          from.dataDir,
          from.kafkaPort,
          from.queues,
          from.defaultCpus,
          from.defaultMemory,
          runtime,
          mounts,
          from.taskFiles,
          from.workdir,
          isolation,
          limits,
          jobRetention,
          logRetention,
          access,
          webhookTargets,
          metrics);
    }
  }

  /** Where the API keeps its view of the jobs: inside the engine's own data dir. */
  public Path gatewayStateDir() {
    return dataDir.resolve("gateway");
  }

  /** Where task directories go unless told: inside the engine's own data dir. */
  public static Path defaultWorkdir(Path dataDir) {
    return dataDir.resolve("work");
  }
}
