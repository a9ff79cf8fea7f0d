package io.tork.worker.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerNetwork;
import io.tork.model.Durations;
import io.tork.model.ProbeSpec;
import io.tork.model.SidecarSpec;
import io.tork.worker.core.Deadline;
import io.tork.worker.core.Execution;
import io.tork.worker.core.StepResult;
import io.tork.worker.core.TaskSteps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A task's sidecars, for the time of its main container: each started on the task's network (its
 * alias there), with the task's mounts, networks and limits and the worker's hardening, its output
 * in the task's log behind {@code [sidecar alias]}; then each probe awaited. {@link #close()}
 * removes them all, however far the start got.
 */
final class Sidecars implements AutoCloseable {
  private static final Duration ATTACH_WAIT = Duration.ofSeconds(30);
  private static final Duration TAIL_WAIT = Duration.ofSeconds(2);

  private final TaskRun.Shared shared;
  private final TaskRun.Containers containers;
  private final Execution execution;
  private final SidecarProbe probe;
  private final List<Started> started = new ArrayList<>();

  /** One sidecar as far as it got: its container, its {@code /tork}, its output. */
  private static final class Started {
    final SidecarSpec spec;
    final Deadline deadline;
    @Nullable String id;
    @Nullable TorkDir tork;
    @Nullable LogLines logs;

    Started(SidecarSpec spec, Deadline deadline) {
      this.spec = spec;
      this.deadline = deadline;
    }

    String label() {
      return "sidecar '" + spec.name() + "'";
    }
  }

  Sidecars(TaskRun.Shared shared, TaskRun.Containers containers, Execution execution) {
    this.shared = shared;
    this.containers = containers;
    this.execution = execution;
    this.probe = new SidecarProbe(shared.http());
  }

  /**
   * Starts every sidecar, then awaits their probes in order.
   *
   * @param task the task's deadline; each sidecar's own {@code timeout} bounds it too
   * @return empty when all are ready, else how the task ends
   */
  Optional<StepResult> start(List<SidecarSpec> sidecars, Deadline task)
      throws InterruptedException {
    for (SidecarSpec spec : sidecars) {
      Duration own = Durations.parse(spec.timeout()).orElse(Duration.ZERO);
      Started sidecar = new Started(spec, task.earliest(Deadline.after(own)));
      started.add(sidecar);
      Optional<StepResult> failed = start(sidecar, task);
      if (failed.isPresent()) {
        return failed;
      }
    }
    for (Started sidecar : started) {
      if (sidecar.spec.probe() != null) {
        Optional<StepResult> notReady = awaitReady(sidecar, sidecar.spec.probe(), task);
        if (notReady.isPresent()) {
          return notReady;
        }
      }
    }
    return Optional.empty();
  }

  private Optional<StepResult> start(Started sidecar, Deadline task) throws InterruptedException {
    SidecarSpec spec = sidecar.spec;
    String label = sidecar.label();
    Optional<StepResult> notReady =
        shared.images().ensure(spec.image(), sidecar.deadline, execution);
    if (notReady.isPresent()) {
      return notReady.map(result -> labelled(sidecar, result, task));
    }
    TaskSteps.Step step =
        new TaskSteps.Step(
            label,
            spec.image(),
            spec.run(),
            spec.env(),
            false,
            spec.cmd(),
            spec.entrypoint(),
            spec.files(),
            "");
    ContainerSpec container = containers.spec(step, shared.hardening(), spec.alias(), "");
    DockerClient docker = shared.docker();
    try {
      sidecar.tork = shared.torkDirs().create(step);
      Optional<String> changed = container.mounts().recheck();
      if (changed.isPresent()) {
        return Optional.of(new StepResult.Failed(label + ": " + changed.get()));
      }
      String id = ContainerCreation.create(docker, container, sidecar.tork);
      sidecar.id = id;
      sidecar.tork.install(id);
      sidecar.logs = new LogLines(execution, "[sidecar " + spec.alias() + "] ").attach(docker, id);
      if (!sidecar.logs.awaitAttached(ATTACH_WAIT)) {
        return Optional.of(new StepResult.Failed(label + ": cannot attach to its output"));
      }
      docker.startContainerCmd(id).exec();
      return Optional.empty();
    } catch (NoSuchImageException | DockerException e) {
      return Optional.of(
          new StepResult.Failed(label + ": cannot start: " + EngineErrors.message(e)));
    } catch (IOException | UncheckedIOException e) {
      return Optional.of(
          new StepResult.Failed(label + ": cannot prepare /tork: " + e.getMessage()));
    }
  }

  private Optional<StepResult> awaitReady(Started sidecar, ProbeSpec spec, Deadline task)
      throws InterruptedException {
    String id = sidecar.id;
    String network = containers.networks().getFirst();
    ContainerNetwork on =
        shared
            .docker()
            .inspectContainerCmd(id)
            .exec()
            .getNetworkSettings()
            .getNetworks()
            .get(network);
    String asked = "GET http://" + sidecar.spec.alias() + ":" + spec.port() + spec.effectivePath();
    if (on == null || on.getIpAddress() == null || on.getIpAddress().isEmpty()) {
      // A container that has exited has no address any more.
      OptionalInt exit = exitCode(id);
      return Optional.of(
          exit.isPresent()
              ? exited(sidecar, "exit code " + exit.getAsInt(), asked)
              : new StepResult.Failed(sidecar.label() + ": has no address on the task's network"));
    }
    URI uri = URI.create("http://" + on.getIpAddress() + ":" + spec.port() + spec.effectivePath());
    Deadline probeDeadline = Deadline.after(spec.effectiveTimeout()).earliest(sidecar.deadline);
    SidecarProbe.Result result =
        probe.await(uri, probeDeadline, task, execution, () -> exitCode(id));
    return switch (result.kind()) {
      case READY -> Optional.empty();
      case CANCELLED -> Optional.of(new StepResult.Cancelled());
      case TASK_TIMED_OUT -> Optional.of(new StepResult.TimedOut());
      case EXITED -> Optional.of(exited(sidecar, result.detail(), asked));
      case NEVER_READY ->
          Optional.of(
              new StepResult.Failed(
                  sidecar.label()
                      + " was not ready: its probe "
                      + asked
                      + " did not answer HTTP 200 within "
                      + within(sidecar.spec, spec)
                      + " (last: "
                      + result.detail()
                      + ")"));
    };
  }

  private StepResult exited(Started sidecar, String how, String asked) throws InterruptedException {
    return new StepResult.Failed(
        sidecar.label()
            + " exited ("
            + how
            + ") before its probe "
            + asked
            + " answered"
            + tail(sidecar));
  }

  /** The time that ran out: the probe's, or the sidecar's own timeout when that is shorter. */
  private static String within(SidecarSpec sidecar, ProbeSpec probe) {
    Optional<Duration> own = Durations.parse(sidecar.timeout());
    return own.isPresent() && own.get().compareTo(probe.effectiveTimeout()) < 0
        ? sidecar.timeout() + " (the sidecar's timeout)"
        : probe.timeoutText();
  }

  private String tail(Started sidecar) throws InterruptedException {
    LogLines logs = sidecar.logs;
    if (logs == null) {
      return "";
    }
    logs.awaitEnd(TAIL_WAIT);
    logs.finish();
    String tail = logs.tail();
    return tail.isEmpty() ? "" : ": " + tail;
  }

  /** The sidecar's exit code once it has stopped; empty while it runs. */
  private OptionalInt exitCode(String id) {
    InspectContainerResponse.ContainerState state;
    try {
      state = shared.docker().inspectContainerCmd(id).exec().getState();
    } catch (NotFoundException e) {
      return OptionalInt.of(-1); // removed behind the worker's back
    }
    if (Boolean.TRUE.equals(state.getRunning())) {
      return OptionalInt.empty();
    }
    Long code = state.getExitCodeLong();
    return OptionalInt.of(code == null ? -1 : code.intValue());
  }

  /** A failure to get its image, said to be the sidecar's; its own timeout too. */
  private static StepResult labelled(Started sidecar, StepResult result, Deadline task) {
    return switch (result) {
      case StepResult.Failed failed ->
          new StepResult.Failed(sidecar.label() + ": " + failed.reason());
      case StepResult.TimedOut timedOut when !task.expired() ->
          new StepResult.Failed(
              sidecar.label() + " was not ready within its timeout of " + sidecar.spec.timeout());
      default -> result;
    };
  }

  /** Removes every sidecar started, its output stream and its {@code /tork}; never throws. */
  @Override
  public void close() {
    DockerClient docker = shared.docker();
    for (Started sidecar : started.reversed()) {
      String id = sidecar.id;
      if (id != null) {
        Cleanup.quietly(
            "remove container",
            id,
            () -> docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec());
      }
      if (sidecar.logs != null) {
        sidecar.logs.finish();
        sidecar.logs.close();
      }
      if (sidecar.tork != null) {
        sidecar.tork.close();
      }
    }
  }
}
