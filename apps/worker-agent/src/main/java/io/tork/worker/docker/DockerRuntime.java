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
 * Runs tasks in Docker containers, as Tork does: pre tasks, the task, then post tasks, each in its
 * own container, sharing fresh volumes. Every container and volume is labelled with the task, job
 * and node ({@value #TASK_LABEL}, {@value #JOB_LABEL}, {@value #NODE_LABEL}) and removed once the
 * task ends, whichever way it ends. Safe for concurrent {@link #run} calls.
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
  private final Images images;
  private final MountPolicy mountPolicy;
  private final IsolationPolicy isolation;
  private final Hardening hardening;
  private final TorkDirs torkDirs;

  /**
   * Hands containers their {@code /tork} by copy.
   *
   * @param docker closed by {@link #close()}
   * @param nodeId this worker's id, put on every container and volume
   * @param defaultCpus limit for tasks that set none, e.g. "1.5"; empty for none
   * @param defaultMemory limit for tasks that set none, e.g. "512m"; empty for none
   * @throws IllegalArgumentException when a default limit is malformed
   */
  public DockerRuntime(
      DockerClient docker, String nodeId, String defaultCpus, String defaultMemory) {
    this(docker, nodeId, defaultCpus, defaultMemory, MountPolicy.DENY_BINDS);
  }

  /**
   * @param mountPolicy which host paths tasks may bind-mount
   */
  public DockerRuntime(
      DockerClient docker,
      String nodeId,
      String defaultCpus,
      String defaultMemory,
      MountPolicy mountPolicy) {
    this(
        docker,
        nodeId,
        defaultCpus,
        defaultMemory,
        mountPolicy,
        TaskFilesMode.COPY,
        Path.of(System.getProperty("java.io.tmpdir")));
  }

  /**
   * @param taskFiles how containers get their {@code /tork}: {@link TaskFilesMode#BIND} or {@link
   *     TaskFilesMode#COPY}
   * @param filesRoot where bind-mounted {@code /tork}s are made, in a directory of this node
   */
  public DockerRuntime(
      DockerClient docker,
      String nodeId,
      String defaultCpus,
      String defaultMemory,
      MountPolicy mountPolicy,
      TaskFilesMode taskFiles,
      Path filesRoot) {
    this(
        docker,
        nodeId,
        defaultCpus,
        defaultMemory,
        mountPolicy,
        taskFiles,
        filesRoot,
        IsolationPolicy.DEFAULT);
  }

  /**
   * @param isolation what tasks may name, and what every container gets
   * @throws IllegalArgumentException when a default limit or a capability is malformed
   */
  public DockerRuntime(
      DockerClient docker,
      String nodeId,
      String defaultCpus,
      String defaultMemory,
      MountPolicy mountPolicy,
      TaskFilesMode taskFiles,
      Path filesRoot,
      IsolationPolicy isolation) {
    if (taskFiles == TaskFilesMode.AUTO) {
      throw new IllegalArgumentException("resolve AUTO first: TaskFilesMode.resolve");
    }
    // Absolute: Docker takes a relative bind source for the name of a volume, and refuses it.
    this.torkDirs =
        new TorkDirs(docker, taskFiles, nodeDir(filesRoot.toAbsolutePath().normalize(), nodeId));
    this.mountPolicy = mountPolicy;
    this.isolation = isolation;
    this.hardening = Hardening.of(isolation);
    this.docker = docker;
    this.nodeId = nodeId;
    this.defaults = ResourceLimits.of(defaultCpus, defaultMemory);
    this.volumes = new DockerVolumes(docker);
    this.images = new Images(docker);
  }

  /**
   * Connects to the engine named by {@code DOCKER_HOST} (and the other standard docker-java
   * settings), by default {@code unix:///var/run/docker.sock}.
   */
  public static DockerRuntime connect(String nodeId, String defaultCpus, String defaultMemory) {
    return connect(
        nodeId,
        defaultCpus,
        defaultMemory,
        MountPolicy.DENY_BINDS,
        TaskFilesMode.AUTO,
        Path.of(System.getProperty("java.io.tmpdir"), "tork-java"));
  }

  /** With the default {@link IsolationPolicy}. */
  public static DockerRuntime connect(
      String nodeId,
      String defaultCpus,
      String defaultMemory,
      MountPolicy mountPolicy,
      TaskFilesMode taskFiles,
      Path filesRoot) {
    return connect(
        nodeId,
        defaultCpus,
        defaultMemory,
        mountPolicy,
        taskFiles,
        filesRoot,
        IsolationPolicy.DEFAULT);
  }

  /**
   * @param taskFiles how containers get their {@code /tork}; {@link TaskFilesMode#AUTO} is resolved
   *     here, against the engine's address
   * @param filesRoot where bind-mounted {@code /tork}s are made, in a directory of this node
   * @param isolation what tasks may name, and what every container gets
   */
  public static DockerRuntime connect(
      String nodeId,
      String defaultCpus,
      String defaultMemory,
      MountPolicy mountPolicy,
      TaskFilesMode taskFiles,
      Path filesRoot,
      IsolationPolicy isolation) {
    DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    // No response timeout: log follows and waits last as long as the task. No connection cap
    // either: each running task holds two streaming connections, and a full pool would block.
    ApacheDockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .connectionTimeout(Duration.ofSeconds(30))
            .build();
    TaskFilesMode mode = taskFiles.resolve(config.getDockerHost().toString());
    log.atInfo()
        .addKeyValue("docker", config.getDockerHost())
        .addKeyValue("taskFiles", mode)
        .addKeyValue("filesRoot", filesRoot)
        .addKeyValue("isolation", isolation)
        .log("docker runtime ready");
    return new DockerRuntime(
        DockerClientImpl.getInstance(config, http),
        nodeId,
        defaultCpus,
        defaultMemory,
        mountPolicy,
        mode,
        filesRoot,
        isolation);
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
      return new TaskRun(
              docker,
              images,
              task,
              execution,
              killSwitch,
              labels,
              binds,
              mounts,
              limits,
              hardening,
              torkDirs)
          .run();
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
    Directories.deleteQuietly(torkDirs.root());
  }

  /**
   * Force-removes the containers and volumes of an earlier node (e.g. this process's previous run,
   * whose id it kept): what that node's crash left behind, and nothing of any other node.
   */
  @Override
  public void removeOrphansOf(String previousNodeId) {
    removeLabelled(NODE_LABEL + "=" + previousNodeId);
    Directories.deleteQuietly(nodeDir(torkDirs.root().getParent(), previousNodeId));
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
    log.atInfo()
        .addKeyValue("label", labelFilter)
        .addKeyValue("containers", containers.size())
        .log("orphans removed");
  }

  @Override
  public void close() {
    Directories.deleteQuietly(torkDirs.root());
    try {
      docker.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the docker client", e);
    }
  }
}
