package io.tork.worker.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.tork.model.Task;
import io.tork.worker.core.Directories;
import io.tork.worker.core.Execution;
import io.tork.worker.core.IsolationPolicy;
import io.tork.worker.core.MountPolicy;
import io.tork.worker.core.Runtime;
import io.tork.worker.core.Runtimes;
import io.tork.worker.core.TaskFilesMode;
import io.tork.worker.core.TaskOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks in Docker containers, as Tork does: pre tasks, the task (its sidecars beside it, on a
 * network of the task's own), then post tasks, each in its own container, sharing fresh volumes.
 * Every container and volume is labelled with the task, job and node ({@value #TASK_LABEL}, {@value
 * #JOB_LABEL}, {@value #NODE_LABEL}) and removed once the task ends, whichever way it ends. Safe
 * for concurrent {@link #run} calls.
 */
public final class DockerRuntime implements Runtime {
  static final String TASK_LABEL = "tork.task";
  static final String JOB_LABEL = "tork.job";
  static final String NODE_LABEL = "tork.node";
  private static final Logger log = LoggerFactory.getLogger(DockerRuntime.class);

  private final DockerClient docker;
  private final String nodeId;
  private final ResourceLimits defaults;
  private final DockerVolumes volumes;
  private final MountPolicy mountPolicy;
  private final IsolationPolicy isolation;
  private final TaskRun.Shared shared;

  /**
   * A runtime on {@code docker}, as {@code options} say: the node's id (put on every container and
   * volume), the default limits, the bind mounts tasks may have, how containers get their {@code
   * /tork} ({@link TaskFilesMode#BIND} or {@link TaskFilesMode#COPY}; bind-mounted ones are made in
   * a directory of this node under {@code options.workdir()}) and the isolation.
   *
   * @param docker closed by {@link #close()}
   * @throws IllegalArgumentException when a default limit or a capability is malformed, or the
   *     files mode is still {@link TaskFilesMode#AUTO}
   */
  public DockerRuntime(DockerClient docker, Runtimes.Options options) {
    if (options.taskFiles() == TaskFilesMode.AUTO) {
      throw new IllegalArgumentException("resolve AUTO first: TaskFilesMode.resolve");
    }
    // Absolute: Docker takes a relative bind source for the name of a volume, and refuses it.
    Path filesRoot = options.workdir().toAbsolutePath().normalize();
    this.docker = docker;
    this.nodeId = options.nodeId();
    this.mountPolicy = options.mounts();
    this.isolation = options.isolation();
    this.defaults = ResourceLimits.of(options.defaultCpus(), options.defaultMemory());
    this.volumes = new DockerVolumes(docker);
    this.shared =
        new TaskRun.Shared(
            docker,
            new Images(docker),
            Hardening.of(isolation),
            new TorkDirs(docker, options.taskFiles(), nodeDir(filesRoot, nodeId)),
            SidecarProbe.client());
  }

  /**
   * Connects to the engine named by {@code DOCKER_HOST} (and the other standard docker-java
   * settings), by default {@code unix:///var/run/docker.sock}; {@link TaskFilesMode#AUTO} is
   * resolved here, against the engine's address.
   */
  public static DockerRuntime connect(Runtimes.Options options) {
    DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    // No response timeout: log follows and waits last as long as the task. No connection cap
    // either: each running task holds two streaming connections, and a full pool would block.
    ApacheDockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .connectionTimeout(Duration.ofSeconds(30))
            .build();
    TaskFilesMode mode = options.taskFiles().resolve(config.getDockerHost().toString());
    log.atInfo()
        .addKeyValue("docker", config.getDockerHost())
        .addKeyValue("taskFiles", mode)
        .addKeyValue("filesRoot", options.workdir())
        .addKeyValue("isolation", options.isolation())
        .log("docker runtime ready");
    return new DockerRuntime(
        DockerClientImpl.getInstance(config, http), options.withTaskFiles(mode));
  }

  /**
   * Checks what only this runtime can: that Docker knows every capability named.
   *
   * @throws IllegalArgumentException naming the flag and the capability
   */
  public static IsolationPolicy validate(IsolationPolicy isolation) {
    Hardening.of(isolation);
    return isolation;
  }

  /**
   * Where one node's bind-mounted {@code /tork}s go, so a later run can find a crash's leftovers.
   */
  private static Path nodeDir(Path filesRoot, String nodeId) {
    return filesRoot.resolve("docker-" + nodeId);
  }

  @Override
  public TaskOutcome run(Task task, Execution execution) {
    ResourceLimits limits;
    try {
      limits = ResourceLimits.resolve(task.spec().limits(), defaults);
    } catch (IllegalArgumentException e) {
      return new TaskOutcome.Failed(e.getMessage());
    }
    if (Thread.currentThread().isInterrupted()) {
      return new TaskOutcome.Failed("task interrupted");
    }
    // Before any container, pre tasks' included: what the task names must be allowed here.
    List<String> refused = isolation.tasks().refusals(task.spec());
    if (!refused.isEmpty()) {
      return new TaskOutcome.Failed(String.join("; ", refused));
    }
    KillSwitch killSwitch = new KillSwitch(docker);
    execution.onCancel(killSwitch::fire);
    try {
      Optional<String> hostByAnotherName =
          HostNetworks.refusal(docker, task.spec().networks(), isolation.tasks());
      if (hostByAnotherName.isPresent()) {
        return new TaskOutcome.Failed(hostByAnotherName.get());
      }
      return withVolumes(task, execution, killSwitch, limits);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // clean-up is already done
      return new TaskOutcome.Failed("task interrupted");
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        // docker-java fails a call on an interrupted thread; clean-up is already done
        return new TaskOutcome.Failed("task interrupted");
      }
      log.atWarn()
          .addKeyValue("taskId", task.id())
          .addKeyValue("error", e.toString())
          .log("docker failed");
      return new TaskOutcome.Failed("docker error: " + EngineErrors.message(e));
    }
  }

  /**
   * Prepares the task's mounts, shared by its pre, main and post containers: fresh volumes (removed
   * after), the bind mounts and tmpfs the worker allows.
   */
  private TaskOutcome withVolumes(
      Task task, Execution execution, KillSwitch killSwitch, ResourceLimits limits)
      throws InterruptedException {
    TaskMounts mounts;
    switch (TaskMounts.prepare(task.spec(), mountPolicy, isolation)) {
      case TaskMounts.Prepared.Refused refused -> {
        return new TaskOutcome.Failed(refused.reason());
      }
      case TaskMounts.Prepared.Allowed allowed -> mounts = allowed.mounts();
    }
    Map<String, String> labels =
        Map.of(TASK_LABEL, task.id(), JOB_LABEL, task.jobId(), NODE_LABEL, nodeId);
    Map<String, String> created = volumes.create(mounts.volumes(), labels);
    try {
      List<Bind> binds = new ArrayList<>();
      created.forEach((name, target) -> binds.add(new Bind(name, new Volume(target))));
      if (task.spec().sidecars().isEmpty()) {
        TaskRun.Containers containers =
            new TaskRun.Containers(labels, binds, mounts, limits, task.spec().networks());
        return new TaskRun(shared, task, execution, killSwitch, containers).run();
      }
      // Its own network, first: the one its sidecars' aliases are given on (ADR 61).
      try (TaskNetwork network = TaskNetwork.create(docker, labels)) {
        TaskRun.Containers containers =
            new TaskRun.Containers(
                labels, binds, mounts, limits, network.before(task.spec().networks()));
        return new TaskRun(shared, task, execution, killSwitch, containers).run();
      }
    } finally {
      volumes.remove(created.keySet()); // after the containers, which ContainerRun removed
    }
  }

  /**
   * Force-removes the containers and volumes labelled with this node's id: what a crash of this
   * worker left behind. Call at startup, before running tasks.
   */
  public void removeOrphans() {
    removeLabelled(NODE_LABEL + "=" + nodeId);
    Directories.deleteQuietly(shared.torkDirs().root());
  }

  /**
   * Force-removes the containers and volumes of an earlier node (e.g. this process's previous run,
   * whose id it kept): what that node's crash left behind, and nothing of any other node.
   */
  @Override
  public void removeOrphansOf(String previousNodeId) {
    removeLabelled(NODE_LABEL + "=" + previousNodeId);
    Directories.deleteQuietly(nodeDir(shared.torkDirs().root().getParent(), previousNodeId));
  }

  private void removeLabelled(String labelFilter) {
    List<Container> containers =
        docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(labelFilter)).exec();
    for (Container container : containers) {
      Cleanup.quietly(
          "remove container",
          container.getId(),
          () -> docker.removeContainerCmd(container.getId()).withForce(true).exec());
    }
    volumes.removeLabelled(labelFilter);
    int networks = TaskNetwork.removeLabelled(docker, labelFilter);
    log.atInfo()
        .addKeyValue("label", labelFilter)
        .addKeyValue("containers", containers.size())
        .addKeyValue("networks", networks)
        .log("orphans removed");
  }

  @Override
  public void close() {
    Directories.deleteQuietly(shared.torkDirs().root());
    try {
      docker.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the docker client", e);
    }
  }
}
