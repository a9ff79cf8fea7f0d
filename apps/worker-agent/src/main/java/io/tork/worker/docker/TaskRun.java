package io.tork.worker.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import io.tork.model.Task;
import io.tork.worker.core.Deadline;
import io.tork.worker.core.Execution;
import io.tork.worker.core.StepResult;
import io.tork.worker.core.TaskOutcome;
import io.tork.worker.core.TaskSteps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One task's containers, one per step of {@link TaskSteps}, sharing the task's volumes. */
final class TaskRun {
  private static final Logger log = LoggerFactory.getLogger(TaskRun.class);

  /** What every task of one runtime shares. */
  record Shared(DockerClient docker, Images images, Hardening hardening, TorkDirs torkDirs) {}

  /**
   * What every container of one task shares.
   *
   * @param labels put on each container, so that orphans can be found
   * @param binds the task's volumes
   * @param mounts the task's bind and tmpfs mounts
   * @param limits the task's, or the worker's defaults
   */
  record Containers(
      Map<String, String> labels, List<Bind> binds, TaskMounts mounts, ResourceLimits limits) {}

  private final DockerClient docker;
  private final Images images;
  private final Task task;
  private final Execution execution;
  private final KillSwitch killSwitch;
  private final Containers containers;
  private final Hardening hardening;
  private final TorkDirs torkDirs;

  TaskRun(
      Shared shared, Task task, Execution execution, KillSwitch killSwitch, Containers containers) {
    this.docker = shared.docker();
    this.images = shared.images();
    this.hardening = shared.hardening();
    this.torkDirs = shared.torkDirs();
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
    Optional<StepResult> notReady = images.ensure(step.image(), stepDeadline, execution);
    if (notReady.isPresent()) {
      return notReady.get();
    }
    log.atDebug()
        .addKeyValue("taskId", task.id())
        .addKeyValue("container", step.label())
        .addKeyValue("image", execution.redaction().text(step.image())) // a template: secrets
        .log("starting container");
    ContainerSpec container =
        new ContainerSpec(
            step,
            containers.labels(),
            containers.binds(),
            containers.mounts(),
            task.spec().networks(),
            containers.limits(),
            hardening);
    try (TorkDir tork = torkDirs.create(step)) {
      try {
        return new ContainerRun(docker, container, execution, killSwitch, tork).run(stepDeadline);
      } catch (NoSuchImageException gone) {
        // Removed since it was seen: fetch it again (or learn that it cannot be) and retry once.
        images.forget(step.image());
        notReady = images.ensure(step.image(), stepDeadline, execution);
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
