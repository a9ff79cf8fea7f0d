package io.tork.worker.shell;

import io.tork.model.Task;
import io.tork.model.TaskSpec;
import io.tork.worker.core.Deadline;
import io.tork.worker.core.Directories;
import io.tork.worker.core.Execution;
import io.tork.worker.core.LineSplitter;
import io.tork.worker.core.OutputFiles;
import io.tork.worker.core.OutputTail;
import io.tork.worker.core.Runtime;
import io.tork.worker.core.StepResult;
import io.tork.worker.core.TaskOutcome;
import io.tork.worker.core.TaskSteps;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
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
  // A script's output is a pipe, which holds 64 KiB: it is all read soon after the exit.
  private static final Duration OUTPUT_AFTER_EXIT = Duration.ofSeconds(5);

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

  /** The head of the progress file, whatever its size. */
  private static OptionalDouble readProgress(Path progress) {
    try (FileChannel file = FileChannel.open(progress, StandardOpenOption.READ)) {
      return OutputFiles.progress(file);
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
    if (!spec.sidecars().isEmpty()) {
      return Optional.of("sidecars");
    }
    if (!spec.gpus().isEmpty()) {
      return Optional.of("gpus");
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
    OutputTail tail = execution.stepOutput();
    Thread reader =
        Thread.ofPlatform()
            .name("shell-log")
            .start(() -> readLines(process.getInputStream(), execution, tail));
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
    awaitOutput(process, reader, tail);
    if (execution.isCancelled()) {
      return new StepResult.Cancelled();
    }
    int code = process.exitValue();
    if (code != 0) {
      return new StepResult.Exited(code, tail.text(), false);
    }
    if (!step.readOutput()) {
      return new StepResult.Completed("");
    }
    try (InputStream in = Files.newInputStream(output)) {
      return OutputFiles.result(in, Files.size(output), execution.limits());
    } catch (IOException e) {
      return new StepResult.Failed("cannot read $TORK_OUTPUT: " + e.getMessage());
    }
  }

  /** Reads the script's output (stdout and stderr, merged) into lines until it ends. */
  private static void readLines(InputStream out, Execution execution, OutputTail tail) {
    LineSplitter lines = new LineSplitter(execution.limits().maxLogLineBytes(), tail);
    byte[] chunk = new byte[8192];
    try (out) {
      for (int n = out.read(chunk); n >= 0; n = out.read(chunk)) {
        lines.feed(chunk, 0, n);
      }
      lines.finish();
    } catch (IOException e) {
      // the process went away, or its output was closed after the step: it ends here
    }
  }

  /**
   * The output ends soon after the exit (the pipe holds little), unless a process the script left
   * running in the background still writes to it: that one's output is not waited for.
   */
  private static void awaitOutput(Process process, Thread reader, OutputTail tail)
      throws InterruptedException {
    reader.join(OUTPUT_AFTER_EXIT);
    if (reader.isAlive()) {
      tail.lost(
          "the rest of the output was not read: it did not end within "
              + OUTPUT_AFTER_EXIT.toSeconds()
              + " s of the exit (a process the script started may still hold it open)");
      try {
        process.getInputStream().close();
      } catch (IOException e) {
        // closed either way
      }
      reader.join(Duration.ofSeconds(2));
    }
  }

  /** The script and everything it started. */
  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
