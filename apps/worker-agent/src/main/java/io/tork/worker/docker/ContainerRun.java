package io.tork.worker.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.core.command.WaitContainerResultCallback;
import io.tork.worker.core.Execution;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One container's life: create, copy the script in, start, stream logs, wait (within the
 * deadline, listening for cancel), read {@code $TORK_OUTPUT}, remove. Always removed.
 */
final class ContainerRun {
  static final String TORK_DIR = "/tork";
  private static final int TAIL_LINES = 10;

  /** How a container ended. */
  sealed interface Ending {
    record Exited(int code, String output, String tail) implements Ending {}

    record TimedOut() implements Ending {}

    record Cancelled() implements Ending {}
  }

  private final DockerClient docker;
  private final ContainerSpec spec;
  private final Execution execution;
  private final Deque<String> tail = new ArrayDeque<>();

  ContainerRun(DockerClient docker, ContainerSpec spec, Execution execution) {
    this.docker = docker;
    this.spec = spec;
    this.execution = execution;
  }

  /**
   * @param deadline {@link System#nanoTime()} by which the container must have ended, or
   *     {@link Long#MAX_VALUE} for none
   */
  Ending run(long deadline) throws IOException {
    if (execution.isCancelled()) {
      return new Ending.Cancelled();
    }
    String id = create();
    try {
      execution.onCancel(() -> kill(id));
      docker.startContainerCmd(id).exec();
      try (ResultCallback.Adapter<Frame> logs = followLogs(id)) {
        Ending ending = await(id, deadline);
        if (ending instanceof Ending.Exited exited) {
          logs.awaitCompletion(5, TimeUnit.SECONDS);
          String output = exited.code() == 0 && spec.readOutput() ? readOutput(id) : "";
          return new Ending.Exited(exited.code(), output, tailText());
        }
        return ending;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Ending.Cancelled();
    } finally {
      remove(id);
    }
  }

  private String create() {
    Map<String, String> env = new HashMap<>(spec.env());
    env.put("TORK_OUTPUT", TORK_DIR + "/stdout");
    env.put("TORK_PROGRESS", TORK_DIR + "/progress");
    HostConfig host = HostConfig.newHostConfig();
    if (spec.nanoCpus() > 0) {
      host.withNanoCPUs(spec.nanoCpus());
    }
    if (spec.memoryBytes() > 0) {
      host.withMemory(spec.memoryBytes()).withMemorySwap(spec.memoryBytes());
    }
    List<Bind> binds = spec.volumes().entrySet().stream()
        .map(v -> new Bind(v.getKey(), new Volume(v.getValue()))).toList();
    host.withBinds(binds);
    try (CreateContainerCmd create = docker.createContainerCmd(spec.image())) {
      String id = create
          .withEntrypoint("sh", TORK_DIR + "/entrypoint")
          .withEnv(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
          .withLabels(spec.labels())
          .withHostConfig(host)
          .exec()
          .getId();
      docker.copyArchiveToContainerCmd(id)
          .withTarInputStream(TarArchives.of("tork",
              Map.of("entrypoint", spec.script(), "stdout", "", "progress", ""),
              Map.of("entrypoint", 0100555)))
          .withRemotePath("/")
          .exec();
      return id;
    }
  }

  private ResultCallback.Adapter<Frame> followLogs(String id) {
    return docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true)
        .exec(new ResultCallback.Adapter<>() {
          private final StringBuilder partial = new StringBuilder();

          @Override
          public void onNext(Frame frame) {
            partial.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            int newline;
            while ((newline = partial.indexOf("\n")) >= 0) {
              line(partial.substring(0, newline));
              partial.delete(0, newline + 1);
            }
          }

          @Override
          public void onComplete() {
            if (!partial.isEmpty()) {
              line(partial.toString());
              partial.setLength(0);
            }
            super.onComplete();
          }
        });
  }

  private void line(String line) {
    synchronized (tail) {
      tail.addLast(line);
      if (tail.size() > TAIL_LINES) {
        tail.removeFirst();
      }
    }
    execution.logs().line(line);
  }

  private String tailText() {
    synchronized (tail) {
      return String.join("\n", tail);
    }
  }

  private Ending await(String id, long deadline) {
    WaitContainerResultCallback wait = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback());
    try {
      long remaining = deadline == Long.MAX_VALUE ? TimeUnit.DAYS.toNanos(365) : deadline - System.nanoTime();
      int code = wait.awaitStatusCode(Math.max(1, remaining), TimeUnit.NANOSECONDS);
      return execution.isCancelled() ? new Ending.Cancelled() : new Ending.Exited(code, "", "");
    } catch (DockerClientException e) {
      if (execution.isCancelled()) {
        return new Ending.Cancelled();
      }
      kill(id);
      return new Ending.TimedOut();
    } finally {
      closeQuietly(wait);
    }
  }

  private String readOutput(String id) throws IOException {
    try (InputStream tar = docker.copyArchiveFromContainerCmd(id, TORK_DIR + "/stdout").exec()) {
      return TarArchives.firstFile(tar);
    }
  }

  private void kill(String id) {
    try {
      docker.killContainerCmd(id).exec();
    } catch (NotFoundException | com.github.dockerjava.api.exception.ConflictException e) {
      // already gone or no longer running
    }
  }

  private void remove(String id) {
    try {
      docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException e) {
      // already removed
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // closing a finished callback cannot fail in a way that matters here
    }
  }
}
