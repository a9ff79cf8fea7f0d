package io.tork.worker.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.tork.model.AuxTaskSpec;
import io.tork.model.LimitsSpec;
import io.tork.model.Quantities;
import io.tork.model.Task;
import io.tork.model.TaskSpec;
import io.tork.worker.core.Execution;
import io.tork.worker.core.Runtime;
import io.tork.worker.core.TaskOutcome;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks in Docker containers: pre tasks, the task, post tasks, each in its own container,
 * sharing fresh volumes; every container and volume is labelled with the task, job and node and
 * removed afterwards.
 */
public final class DockerRuntime implements Runtime, AutoCloseable {
  static final String TASK_LABEL = "tork.task";
  static final String JOB_LABEL = "tork.job";
  static final String NODE_LABEL = "tork.node";
  private static final Logger log = LoggerFactory.getLogger(DockerRuntime.class);

  private final DockerClient docker;
  private final String nodeId;
  private final String defaultCpus;
  private final String defaultMemory;
  private final DockerVolumes volumes;
  private final Object pulls = new Object();

  public DockerRuntime(DockerClient docker, String nodeId, String defaultCpus, String defaultMemory) {
    this.docker = docker;
    this.nodeId = nodeId;
    this.defaultCpus = defaultCpus;
    this.defaultMemory = defaultMemory;
    this.volumes = new DockerVolumes(docker);
  }

  /** Connects to the Docker engine named by {@code DOCKER_HOST} (default: the local socket). */
  public static DockerRuntime connect(String nodeId, String defaultCpus, String defaultMemory) {
    DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .sslConfig(config.getSSLConfig())
        .maxConnections(100)
        .connectionTimeout(Duration.ofSeconds(10))
        .build();
    return new DockerRuntime(DockerClientImpl.getInstance(config, http), nodeId, defaultCpus, defaultMemory);
  }

  @Override
  public TaskOutcome run(Task task, Execution execution) {
    long deadline = execution.timeout().isZero()
        ? Long.MAX_VALUE : System.nanoTime() + execution.timeout().toNanos();
    Map<String, String> labels =
        Map.of(TASK_LABEL, task.id(), JOB_LABEL, task.jobId(), NODE_LABEL, nodeId);
    Map<String, String> mounts = Map.of();
    try {
      mounts = volumes.create(task.spec().volumes(), labels);
      TaskSpec spec = task.spec();
      for (AuxTaskSpec pre : spec.pre()) {
        Step step = runStep(aux("pre task '" + pre.name() + "'", pre, spec, labels, mounts), execution, deadline, task);
        if (step.failure() != null) {
          return step.failure();
        }
      }
      ContainerSpec main = new ContainerSpec("task", spec.image(), spec.run(), spec.env(), labels,
          mounts, nanoCpus(spec.limits()), memory(spec.limits()), true);
      Step mainStep = runStep(main, execution, deadline, task);
      if (mainStep.failure() != null) {
        return mainStep.failure();
      }
      for (AuxTaskSpec post : spec.post()) {
        Step step = runStep(aux("post task '" + post.name() + "'", post, spec, labels, mounts), execution, deadline, task);
        if (step.failure() != null) {
          return step.failure();
        }
      }
      return new TaskOutcome.Succeeded(mainStep.output());
    } catch (IOException | DockerException e) {
      return new TaskOutcome.Failed("docker error: " + e.getMessage());
    } finally {
      volumes.remove(mounts.keySet());
    }
  }

  /** Force-removes containers and volumes this node left behind (e.g. after a crash). */
  public void removeOrphans() {
    removeLabelled(NODE_LABEL + "=" + nodeId);
  }

  /**
   * Force-removes every container and volume of any tork node on this engine: for standalone
   * mode, where this process is the only worker of its Docker engine.
   */
  public void removeAllEngineContainers() {
    removeLabelled(TASK_LABEL);
  }

  private void removeLabelled(String label) {
    var containers = docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(label)).exec();
    for (var container : containers) {
      try {
        docker.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
        log.atInfo().addKeyValue("container", container.getId()).log("orphaned container removed");
      } catch (NotFoundException e) {
        // gone meanwhile
      }
    }
    volumes.removeLabelled(label);
  }

  private record Step(String output, TaskOutcome.Failed failure) {}

  private Step runStep(ContainerSpec container, Execution execution, long deadline, Task task) throws IOException {
    if (container.image().isBlank()) {
      return new Step("", new TaskOutcome.Failed(container.label() + ": no image"));
    }
    String pullError = ensureImage(container.image());
    if (pullError != null) {
      return new Step("", new TaskOutcome.Failed(pullError));
    }
    String prefix = container.label().equals("task") ? "" : container.label() + " failed: ";
    ContainerRun.Ending ending = new ContainerRun(docker, container, execution).run(deadline);
    return switch (ending) {
      case ContainerRun.Ending.Exited exited when exited.code() == 0 -> new Step(exited.output(), null);
      case ContainerRun.Ending.Exited exited -> new Step("", new TaskOutcome.Failed(
          prefix + "exit code " + exited.code() + (exited.tail().isEmpty() ? "" : ": " + exited.tail())));
      case ContainerRun.Ending.TimedOut timedOut -> new Step("", new TaskOutcome.Failed(
          "task timed out after " + timeoutText(task)));
      case ContainerRun.Ending.Cancelled cancelled -> new Step("", new TaskOutcome.Failed("task cancelled"));
    };
  }

  private ContainerSpec aux(String label, AuxTaskSpec aux, TaskSpec main, Map<String, String> labels,
      Map<String, String> mounts) {
    return new ContainerSpec(label, aux.image(), aux.run(), aux.env(), labels, mounts,
        nanoCpus(main.limits()), memory(main.limits()), false);
  }

  /** Pulls {@code image} if it is not present; returns an error message, or null when present. */
  private String ensureImage(String image) {
    try {
      docker.inspectImageCmd(image).exec();
      return null;
    } catch (NotFoundException missing) {
      synchronized (pulls) {
        try {
          log.atInfo().addKeyValue("image", image).log("pulling image");
          docker.pullImageCmd(image).start().awaitCompletion(10, TimeUnit.MINUTES);
          docker.inspectImageCmd(image).exec();
          return null;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return "image " + image + ": pull interrupted";
        } catch (RuntimeException e) {
          return "image " + image + ": not present and cannot be pulled: " + e.getMessage();
        }
      }
    }
  }

  private long nanoCpus(LimitsSpec limits) {
    String cpus = limits != null && !limits.cpus().isEmpty() ? limits.cpus() : defaultCpus;
    return cpus.isEmpty() ? 0 : Quantities.nanoCpus(cpus).orElse(0L);
  }

  private long memory(LimitsSpec limits) {
    String memory = limits != null && !limits.memory().isEmpty() ? limits.memory() : defaultMemory;
    return memory.isEmpty() ? 0 : Quantities.memoryBytes(memory).orElse(0L);
  }

  private static String timeoutText(Task task) {
    return task.spec().timeout().isEmpty() ? "its time limit" : task.spec().timeout();
  }

  @Override
  public void close() throws IOException {
    docker.close();
  }
}
