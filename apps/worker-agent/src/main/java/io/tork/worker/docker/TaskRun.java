package io.tork.worker.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import io.tork.model.AuxTaskSpec;
import io.tork.model.Durations;
import io.tork.model.Task;
import io.tork.model.TaskSpec;
import io.tork.worker.core.Execution;
import io.tork.worker.core.TaskOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's containers, in order: its pre tasks, the task, then its post tasks (only after the
 * task succeeded). The first failure ends the run; only the task's own output is the result.
 */
final class TaskRun {
  private static final Logger log = LoggerFactory.getLogger(TaskRun.class);

  private final DockerClient docker;
  private final Images images;
  private final Task task;
  private final Execution execution;
  private final KillSwitch killSwitch;
  private final Map<String, String> labels;
  private final List<Bind> binds;
  private final ResourceLimits limits;
  // One budget for pre + main + post, started before the first pull.
  private final Deadline deadline;

  TaskRun(
      DockerClient docker,
      Images images,
      Task task,
      Execution execution,
      KillSwitch killSwitch,
      Map<String, String> labels,
      List<Bind> binds,
      ResourceLimits limits) {
    this.docker = docker;
    this.images = images;
    this.task = task;
    this.execution = execution;
    this.killSwitch = killSwitch;
    this.labels = labels;
    this.binds = binds;
    this.limits = limits;
    this.deadline = Deadline.after(execution.timeout());
  }

  TaskOutcome run() throws InterruptedException {
    TaskSpec spec = task.spec();
    for (AuxTaskSpec pre : spec.pre()) {
      Optional<String> error = aux("pre", pre);
      if (error.isPresent()) {
        return new TaskOutcome.Failed(error.get());
      }
    }
    ContainerSpec main =
        new ContainerSpec(
            "task", spec.image(), spec.run(), spec.env(), labels, binds, limits, true);
    StepResult result = step(main, deadline);
    if (!(result instanceof StepResult.Completed completed)) {
      return new TaskOutcome.Failed(error(result, "", "").orElse("task failed"));
    }
    for (AuxTaskSpec post : spec.post()) {
      Optional<String> error = aux("post", post);
      if (error.isPresent()) {
        return new TaskOutcome.Failed(error.get());
      }
    }
    return new TaskOutcome.Succeeded(completed.output());
  }

  /** Runs a pre or post task, within its own timeout too; empty when it succeeded. */
  private Optional<String> aux(String kind, AuxTaskSpec aux) throws InterruptedException {
    String label = kind + " task '" + aux.name() + "'";
    // An aux task without an image of its own is taken to mean the main task's image.
    String image = aux.image().isEmpty() ? task.spec().image() : aux.image();
    ContainerSpec container =
        new ContainerSpec(label, image, aux.run(), aux.env(), labels, binds, limits, false);
    Duration own = Durations.parse(aux.timeout()).orElse(Duration.ZERO);
    return error(step(container, deadline.earliest(Deadline.after(own))), label, aux.timeout());
  }

  private StepResult step(ContainerSpec container, Deadline stepDeadline)
      throws InterruptedException {
    if (execution.isCancelled()) {
      return new StepResult.Cancelled();
    }
    if (stepDeadline.expired()) {
      return new StepResult.TimedOut();
    }
    if (container.image().isBlank()) {
      return new StepResult.Failed("no image");
    }
    Optional<StepResult> notReady = images.ensure(container.image(), stepDeadline, execution);
    if (notReady.isPresent()) {
      return notReady.get();
    }
    log.atInfo()
        .addKeyValue("taskId", task.id())
        .addKeyValue("container", container.label())
        .addKeyValue("image", container.image())
        .log("starting container");
    return new ContainerRun(docker, container, execution, killSwitch).run(stepDeadline);
  }

  /**
   * The task's error message for a step's result; empty for a success.
   *
   * @param label "" for the main task, else "pre task 'name'"
   * @param ownTimeout the aux task's own timeout, as written
   */
  private Optional<String> error(StepResult result, String label, String ownTimeout) {
    String prefix = label.isEmpty() ? "" : label + " failed: ";
    return switch (result) {
      case StepResult.Completed ignored -> Optional.empty();
      case StepResult.Cancelled ignored -> Optional.of("task cancelled");
      case StepResult.TimedOut ignored ->
          Optional.of(
              label.isEmpty() || deadline.expired()
                  ? "task timed out after " + budget()
                  : label + " timed out after " + ownTimeout);
      case StepResult.Exited exited -> Optional.of(prefix + exitMessage(exited));
      case StepResult.Failed failed -> Optional.of(prefix + failed.reason());
    };
  }

  private static String exitMessage(StepResult.Exited exited) {
    return "exit code "
        + exited.code()
        + (exited.outOfMemory() ? " (out of memory)" : "")
        + (exited.tail().isEmpty() ? "" : ": " + exited.tail());
  }

  /** The task's timeout as the user wrote it, else the budget in Go's style ("1m30s"). */
  private String budget() {
    if (!task.spec().timeout().isEmpty()) {
      return task.spec().timeout();
    }
    return execution.timeout().toString().substring(2).toLowerCase(Locale.ROOT);
  }
}
