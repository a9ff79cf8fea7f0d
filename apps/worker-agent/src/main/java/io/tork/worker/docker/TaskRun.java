package io.tork.worker.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import io.tork.model.SidecarSpec;
import io.tork.model.Task;
import io.tork.worker.core.Deadline;
import io.tork.worker.core.Execution;
import io.tork.worker.core.StepResult;
import io.tork.worker.core.TaskOutcome;
import io.tork.worker.core.TaskSteps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's containers, one per step of {@link TaskSteps}, sharing the task's volumes; the main
 * one with the task's sidecars beside it.
 */
final class TaskRun {
  private static final Logger log = LoggerFactory.getLogger(TaskRun.class);

  /** What every task of one runtime shares. */
  record Shared(
      DockerClient docker,
      Images images,
      Hardening hardening,
      TorkDirs torkDirs,
      HttpClient http) {}

  /**
   * What every container of one task shares.
   *
   * @param labels put on each container, so that orphans can be found
   * @param binds the task's volumes
   * @param mounts the task's bind and tmpfs mounts
   * @param limits the task's, or the worker's defaults
   * @param networks the task's, after its own network when it has sidecars
   */
  record Containers(
      Map<String, String> labels,
      List<Bind> binds,
      TaskMounts mounts,
      ResourceLimits limits,
      List<String> networks) {
    ContainerSpec spec(TaskSteps.Step step, Hardening hardening, String alias, String gpus) {
      return new ContainerSpec(
          step, labels, binds, mounts, networks, limits, hardening, alias, gpus);
    }
  }

  private final Shared shared;
  private final Task task;
  private final Execution execution;
  private final KillSwitch killSwitch;
  private final Containers containers;

  TaskRun(
      Shared shared, Task task, Execution execution, KillSwitch killSwitch, Containers containers) {
    this.shared = shared;
    this.task = task;
    this.execution = execution;
    this.killSwitch = killSwitch;
    this.containers = containers;
  }

  TaskOutcome run() throws InterruptedException {
    return TaskSteps.run(task, execution, this::step);
  }

  private StepResult step(TaskSteps.Step step, Deadline stepDeadline) throws InterruptedException {
    if (step.image().isBlank()) {
      return new StepResult.Failed("no image");
    }
    Images images = shared.images();
    Optional<StepResult> notReady = images.ensure(step.image(), stepDeadline, execution);
    if (notReady.isPresent()) {
      return notReady.get();
    }
    List<SidecarSpec> sidecars = task.spec().sidecars();
    if (!step.readOutput() || sidecars.isEmpty()) {
      return container(step, stepDeadline);
    }
    // Beside the main container only: pre and post tasks run without them, on the same network.
    try (Sidecars running = new Sidecars(shared, containers, execution)) {
      Optional<StepResult> notStarted = running.start(sidecars, stepDeadline);
      return notStarted.isPresent() ? notStarted.get() : container(step, stepDeadline);
    }
  }

  private StepResult container(TaskSteps.Step step, Deadline stepDeadline)
      throws InterruptedException {
    Images images = shared.images();
    log.atDebug()
        .addKeyValue("taskId", task.id())
        .addKeyValue("container", step.label())
        .addKeyValue("image", execution.redaction().text(step.image())) // a template: secrets
        .log("starting container");
    // GPUs are the main container's alone.
    String gpus = step.readOutput() ? task.spec().gpus() : "";
    ContainerSpec container = containers.spec(step, shared.hardening(), "", gpus);
    DockerClient docker = shared.docker();
    try (TorkDir tork = shared.torkDirs().create(step)) {
      try {
        return new ContainerRun(docker, container, execution, killSwitch, tork).run(stepDeadline);
      } catch (NoSuchImageException gone) {
        // Removed since it was seen: fetch it again (or learn that it cannot be) and retry once.
        images.forget(step.image());
        Optional<StepResult> notReady = images.ensure(step.image(), stepDeadline, execution);
        if (notReady.isPresent()) {
          return notReady.get();
        }
        return new ContainerRun(docker, container, execution, killSwitch, tork).run(stepDeadline);
      }
    } catch (NoSuchImageException e) {
      return new StepResult.Failed("cannot create container: " + e.getMessage());
    } catch (IOException | UncheckedIOException e) {
      return new StepResult.Failed("cannot prepare /tork: " + e.getMessage());
    }
  }
}
