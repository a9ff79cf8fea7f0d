package io.tork.worker.shell;

import io.tork.model.Task;
import io.tork.model.TaskSpec;
import io.tork.worker.core.Deadline;
import io.tork.worker.core.Directories;
import io.tork.worker.core.Execution;
import io.tork.worker.core.Runtime;
import io.tork.worker.core.StepResult;
import io.tork.worker.core.TaskOutcome;
import io.tork.worker.core.TaskSteps;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each step's script with {@code bash -c} (or {@code sh} where there is no bash) as a process
 * of the worker, in a fresh working directory: Tork's shell runtime, for machines without Docker.
 *
 * <p><b>No isolation at all</b>: a task runs as the worker's user, sees its filesystem and network,
 * and ignores {@code image}, {@code limits} and {@code volumes} (its steps share one directory
 * anyway). Use it only for trusted jobs. Environment, {@code files}, {@code $TORK_OUTPUT}, {@code
 * $TORK_PROGRESS}, timeouts, cancellation and pre/post tasks behave as in the Docker runtime; a
 * task with {@code cmd}, {@code entrypoint}, {@code mounts}, {@code networks} or {@code workdir}
 * fails, as in Tork.
 */
public final class ShellRuntime implements Runtime {
  private static final Logger log = LoggerFactory.getLogger(ShellRuntime.class);
  private static final int TAIL_LINES = 10;

  private final Path root;
  private final String shell;

  private ShellRuntime(Path root, String shell) {
    this.root = root;
    this.shell = shell;
  }

  /** Working directories go under {@code root} (created if missing). */
  public static ShellRuntime create(Path workdir) {
    Path root = workdir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + root, e);
    }
    String shell = Files.isExecutable(Path.of("/bin/bash")) ? "/bin/bash" : "/bin/sh";
    log.atWarn()
        .addKeyValue("shell", shell)
        .addKeyValue("workdir", root)
        .log("shell runtime: tasks run unisolated, as this process's user, on this host");
    return new ShellRuntime(root, shell);
  }

  @Override
  public TaskOutcome run(Task task, Execution execution) {
    Optional<String> unsupported = unsupported(task.spec());
    if (unsupported.isPresent()) {
      return new TaskOutcome.Failed(
          unsupported.get() + " cannot run on the shell runtime (no containers here)");
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory(root, "task-" + task.id() + "-");
      Path workdir = dir;
      return TaskSteps.run(
          task, execution, (step, deadline) -> step(step, deadline, workdir, execution));
    } catch (IOException e) {
      return new TaskOutcome.Failed("cannot create a working directory: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new TaskOutcome.Failed("task cancelled");
    } finally {
      if (dir != null) {
        Directories.deleteQuietly(dir);
      }
    }
  }

  private static OptionalDouble readProgress(Path progress) {
    try {
      return Execution.parseProgress(Files.readString(progress, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return OptionalDouble.empty();
    }
  }

  /** As in Tork: what needs a container runtime is refused, not silently ignored. */
  private static Optional<String> unsupported(TaskSpec spec) {
    if (!spec.cmd().isEmpty()) {
      return Optional.of("cmd");
    }
    if (!spec.entrypoint().isEmpty()) {
      return Optional.of("entrypoint");
    }
    if (!spec.mounts().isEmpty()) {
      return Optional.of("mounts");
    }
    if (!spec.networks().isEmpty()) {
      return Optional.of("networks");
    }
    if (!spec.workdir().isEmpty()) {
      return Optional.of("workdir");
    }
    return Optional.empty();
  }

  private StepResult step(TaskSteps.Step step, Deadline deadline, Path workdir, Execution execution)
      throws InterruptedException {
    Path output = workdir.resolve("stdout");
    Path progress = workdir.resolve("progress");
    try {
      for (Map.Entry<String, String> file : step.files().entrySet()) {
        Path path = workdir.resolve(file.getKey()).normalize();
        if (!path.startsWith(workdir)) {
          return new StepResult.Failed("files: '" + file.getKey() + "' is outside the workdir");
        }
        Files.createDirectories(path.getParent());
        Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
      }
      Files.deleteIfExists(output);
      Files.createFile(output);
      Files.deleteIfExists(progress);
      Files.createFile(progress);
    } catch (IOException e) {
      return new StepResult.Failed("cannot prepare $TORK_OUTPUT: " + e.getMessage());
    }
    ProcessBuilder builder =
        new ProcessBuilder(List.of(shell, "-c", step.script()))
            .directory(workdir.toFile())
            .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.putAll(step.env());
    env.put("TORK_OUTPUT", output.toString());
    env.put("TORK_PROGRESS", progress.toString());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new StepResult.Failed("cannot start " + shell + ": " + e.getMessage());
    }
    execution.onCancel(() -> kill(process));
    if (step.readOutput()) {
      execution.progressReader(() -> readProgress(progress));
    }
    Deque<String> tail = new ArrayDeque<>();
    Thread reader =
        Thread.ofPlatform()
            .name("shell-log")
            .start(
                () -> {
                  try (BufferedReader lines =
                      new BufferedReader(
                          new InputStreamReader(
                              process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                      execution.logs().line(line);
                      synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > TAIL_LINES) {
                          tail.removeFirst();
                        }
                      }
                    }
                  } catch (IOException e) {
                    // the process went away: its output ends here
                  }
                });
    boolean ended;
    while (!(ended =
            process.waitFor(
                deadline.remaining(Duration.ofMillis(200)).toMillis(), TimeUnit.MILLISECONDS))
        && !deadline.expired()
        && !execution.isCancelled()) {
      // wait in slices, so that a deadline or a cancel is noticed promptly
    }
    if (step.readOutput()) {
      execution.progressReader(null);
    }
    if (!ended) {
      kill(process);
      process.waitFor(10, TimeUnit.SECONDS);
      reader.join(Duration.ofSeconds(2));
      return execution.isCancelled() ? new StepResult.Cancelled() : new StepResult.TimedOut();
    }
    reader.join(Duration.ofSeconds(5));
    if (execution.isCancelled()) {
      return new StepResult.Cancelled();
    }
    int code = process.exitValue();
    if (code != 0) {
      String last;
      synchronized (tail) {
        last = String.join("\n", tail);
      }
      return new StepResult.Exited(code, last, false);
    }
    if (!step.readOutput()) {
      return new StepResult.Completed("");
    }
    try {
      return new StepResult.Completed(Files.readString(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new StepResult.Failed("cannot read $TORK_OUTPUT: " + e.getMessage());
    }
  }

  /** The script and everything it started. */
  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
