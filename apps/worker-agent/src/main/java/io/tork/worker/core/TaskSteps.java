package io.tork.worker.core;

import io.tork.model.AuxTaskSpec;
import io.tork.model.Durations;
import io.tork.model.Task;
import io.tork.model.TaskSpec;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A task's steps in order, the same for every runtime: its pre tasks, the task, then its post tasks
 * (only after the task succeeded). The first failure ends the run; only the task's own {@code
 * $TORK_OUTPUT} is the result. One timeout covers them all; an aux task's own timeout bounds it
 * too. Failure messages are the runtime-independent ones users see in {@code error}.
 */
public final class TaskSteps {
  /**
   * One step to run.
   *
   * @param label "task", or "pre task 'name'" / "post task 'name'"
   * @param image the image (a runtime without images ignores it)
   * @param script the shell script; empty runs the image's own command
   * @param readOutput whether {@code $TORK_OUTPUT} is the result (only for the main task)
   * @param cmd the command, replacing the script's default one (only for the main task)
   * @param entrypoint the entrypoint, replacing the image's or {@code sh -c} for a script
   * @param files files to write into {@code workdir} before the start, name -> content
   * @param workdir the working directory; empty for the image's own
   */
  public record Step(
      String label,
      String image,
      String script,
      Map<String, String> env,
      boolean readOutput,
      List<String> cmd,
      List<String> entrypoint,
      Map<String, String> files,
      String workdir) {
    /** Where {@code files} go when the task names no working directory, as in Tork. */
    public static final String DEFAULT_WORKDIR = "/tork/workdir";

    Step(String label, String image, String script, Map<String, String> env) {
      this(label, image, script, env, false, List.of(), List.of(), Map.of(), "");
    }

    /** The working directory, {@link #DEFAULT_WORKDIR} when there are files and none is named. */
    public String effectiveWorkdir() {
      return workdir.isEmpty() && !files.isEmpty() ? DEFAULT_WORKDIR : workdir;
    }
  }

  /** How a runtime runs one step, by the deadline, listening to the execution's cancel. */
  @FunctionalInterface
  public interface StepRunner {
    StepResult run(Step step, Deadline deadline) throws InterruptedException;
  }

  private final Task task;
  private final Execution execution;
  private final StepRunner runner;
  private final Deadline deadline;

  private TaskSteps(Task task, Execution execution, StepRunner runner) {
    this.task = task;
    this.execution = execution;
    this.runner = runner;
    this.deadline = Deadline.after(execution.timeout());
  }

  /** Runs {@code task}'s steps with {@code runner}; the budget starts now. */
  public static TaskOutcome run(Task task, Execution execution, StepRunner runner)
      throws InterruptedException {
    return new TaskSteps(task, execution, runner).run();
  }

  private TaskOutcome run() throws InterruptedException {
    TaskSpec spec = task.spec();
    for (AuxTaskSpec pre : spec.pre()) {
      Optional<String> error = aux("pre", pre);
      if (error.isPresent()) {
        return new TaskOutcome.Failed(error.get());
      }
    }
    StepResult result =
        step(
            new Step(
                "task",
                spec.image(),
                spec.run(),
                spec.env(),
                true,
                spec.cmd(),
                spec.entrypoint(),
                spec.files(),
                spec.workdir()),
            deadline);
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
    Duration own = Durations.parse(aux.timeout()).orElse(Duration.ZERO);
    Step step = new Step(label, image, aux.run(), aux.env());
    return error(step(step, deadline.earliest(Deadline.after(own))), label, aux.timeout());
  }

  private StepResult step(Step step, Deadline stepDeadline) throws InterruptedException {
    if (execution.isCancelled()) {
      return new StepResult.Cancelled();
    }
    if (stepDeadline.expired()) {
      return new StepResult.TimedOut();
    }
    return runner.run(step, stepDeadline);
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
