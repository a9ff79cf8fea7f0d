package io.tork.worker.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.WaitResponse;
import io.tork.worker.core.Deadline;
import io.tork.worker.core.Execution;
import io.tork.worker.core.StepResult;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * One container's life: create, put its {@code /tork} in place, attach to its output, start, wait
 * for it (within the deadline, listening for cancel) and for the end of its output, read {@code
 * $TORK_OUTPUT}, remove. Always removed.
 */
final class ContainerRun {
  // The wait polls the cancel flag and the deadline at this pace; a cancel also kills the
  // container right away through the kill switch, so this only bounds a lost race.
  private static final Duration POLL = Duration.ofMillis(500);
  // The output stream ends with the container's output. Should it not (the worker far behind, the
  // engine stuck), it is read for as long as it keeps delivering, within this long of the exit; a
  // stream that delivers nothing for LOG_STALL is given up.
  static final Duration LOG_AFTER_EXIT = Duration.ofMinutes(2);
  static final Duration LOG_STALL = Duration.ofSeconds(15);
  private static final Duration ATTACH_WAIT = Duration.ofSeconds(30);

  private final DockerClient docker;
  private final ContainerSpec spec;
  private final Execution execution;
  private final KillSwitch killSwitch;
  private final TorkDir tork;

  /**
   * @param tork the container's {@code /tork}; the caller closes it after this run
   */
  ContainerRun(
      DockerClient docker,
      ContainerSpec spec,
      Execution execution,
      KillSwitch killSwitch,
      TorkDir tork) {
    this.docker = docker;
    this.spec = spec;
    this.execution = execution;
    this.killSwitch = killSwitch;
    this.tork = tork;
  }

  /**
   * @throws NoSuchImageException when the engine does not know the image (any more)
   */
  StepResult run(Deadline deadline) throws InterruptedException {
    Optional<String> changed = spec.mounts().recheck();
    if (changed.isPresent()) {
      return new StepResult.Failed(changed.get());
    }
    String id;
    try {
      id = ContainerCreation.create(docker, spec, tork);
    } catch (DockerException e) {
      return new StepResult.Failed("cannot create container: " + EngineErrors.message(e));
    }
    try {
      killSwitch.arm(id);
      return startAndAwait(id, deadline);
    } catch (DockerException e) {
      return new StepResult.Failed("container failed: " + EngineErrors.message(e));
    } finally {
      killSwitch.disarm();
      Cleanup.quietly(
          "remove container",
          id,
          () -> docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec());
    }
  }

  private StepResult startAndAwait(String id, Deadline deadline) throws InterruptedException {
    tork.install(id);
    if (execution.isCancelled()) {
      return new StepResult.Cancelled();
    }
    // Attached before the start, as docker run does: the output from its first byte is ours.
    try (LogLines logs = new LogLines(execution).attach(docker, id)) {
      if (!logs.awaitAttached(ATTACH_WAIT)) {
        return new StepResult.Failed("cannot attach to the container's output" + why(logs));
      }
      // The engine resolves bind sources when it starts the container: the last look before that.
      Optional<String> changed = spec.mounts().recheck();
      if (changed.isPresent()) {
        return new StepResult.Failed(changed.get());
      }
      try {
        docker.startContainerCmd(id).exec();
      } catch (DockerException e) {
        if (spec.gpus().isEmpty()) {
          throw e;
        }
        // Without a GPU runtime the engine's words ("could not select device driver") hide why.
        return new StepResult.Failed(
            "gpus: cannot start the container with GPUs ('"
                + spec.gpus()
                + "'): "
                + EngineErrors.message(e));
      }
      if (spec.readOutput()) {
        execution.progressReader(() -> tork.progress(id));
      }
      try {
        OptionalInt code = awaitExit(id, deadline);
        if (code.isEmpty()) {
          return deadline.expired() && !execution.isCancelled()
              ? new StepResult.TimedOut()
              : new StepResult.Cancelled();
        }
        readRest(logs);
        return ended(id, code.getAsInt(), logs);
      } finally {
        execution.progressReader(null);
      }
    }
  }

  private static String why(LogLines logs) {
    Throwable failure = logs.failure();
    return failure instanceof RuntimeException e ? ": " + EngineErrors.message(e) : "";
  }

  /** The exit code; empty when the container was killed for a cancel or the deadline. */
  private OptionalInt awaitExit(String id, Deadline deadline) throws InterruptedException {
    // The wait starts after the start: its default condition, not-running, would otherwise be
    // met at once by the created container.
    try (ExitCode exit = docker.waitContainerCmd(id).exec(new ExitCode())) {
      while (true) {
        // Checked after the start too: a cancel may have fired before the kill switch could kill.
        if (execution.isCancelled() || deadline.expired()) {
          KillSwitch.kill(docker, id);
          return OptionalInt.empty();
        }
        if (exit.await(deadline.remaining(POLL))) {
          return execution.isCancelled() ? OptionalInt.empty() : OptionalInt.of(exit.code());
        }
      }
    }
  }

  /**
   * Reads the output to its end after the exit: it ends with the container's, at once unless the
   * worker is behind; it is read for as long as it keeps delivering, within {@link #LOG_AFTER_EXIT}
   * of the exit. What could not be read is said in the task's log.
   */
  private void readRest(LogLines logs) throws InterruptedException {
    Deadline bound = Deadline.after(LOG_AFTER_EXIT);
    try {
      if (!awaitDelivered(logs, bound)) {
        logs.lost(
            execution.isCancelled()
                ? "the rest of the output was not read: the task was cancelled"
                : "the rest of the output was not read: its stream stalled, or outlasted "
                    + LOG_AFTER_EXIT.toMinutes()
                    + " minutes after the exit");
      } else if (logs.failure() != null) {
        logs.lost("the rest of the output could not be read: its stream broke" + why(logs));
      }
    } finally {
      logs.finish();
    }
  }

  /**
   * Waits for the stream to end while it keeps delivering bytes: false when it stalled for {@link
   * #LOG_STALL}, {@code bound} passed, or the task was cancelled.
   */
  private boolean awaitDelivered(LogLines logs, Deadline bound) throws InterruptedException {
    long seen = logs.received();
    Deadline stall = Deadline.after(LOG_STALL);
    while (!logs.awaitEnd(bound.remaining(POLL))) {
      long now = logs.received();
      if (now != seen) {
        seen = now;
        stall = Deadline.after(LOG_STALL);
      }
      if (stall.expired() || bound.expired() || execution.isCancelled()) {
        return false;
      }
    }
    return true;
  }

  private StepResult ended(String id, int code, LogLines logs) {
    if (code != 0) {
      return new StepResult.Exited(code, logs.tail(), outOfMemory(id));
    }
    if (!spec.readOutput()) {
      return new StepResult.Completed("");
    }
    try {
      return tork.output(id, execution.limits());
    } catch (IOException e) {
      return new StepResult.Failed("cannot read $TORK_OUTPUT: " + e.getMessage());
    }
  }

  /** Whether the kernel killed a process of the container for exceeding its memory limit. */
  private boolean outOfMemory(String id) {
    try {
      return Boolean.TRUE.equals(docker.inspectContainerCmd(id).exec().getState().getOOMKilled());
    } catch (DockerException e) {
      return false;
    }
  }

  /** Receives the container's exit code from the engine's wait endpoint. */
  private static final class ExitCode extends CompletionCallback<WaitResponse> {
    private volatile @Nullable Integer code;

    @Override
    public void onNext(WaitResponse response) {
      code = response.getStatusCode();
    }

    int code() {
      Integer value = code;
      if (value == null) {
        throw new IllegalStateException("the engine's wait ended without an exit code");
      }
      return value;
    }
  }
}
