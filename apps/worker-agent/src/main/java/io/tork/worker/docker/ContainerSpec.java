package io.tork.worker.docker;

import com.github.dockerjava.api.model.Bind;
import io.tork.worker.core.TaskSteps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One container to run: the main task, one of its pre/post tasks, or a sidecar.
 *
 * @param step what to run: image, script or cmd, entrypoint, env, files, workdir
 * @param labels the task's labels, put on the container so orphans can be found
 * @param binds the task's volumes, shared by pre, main and post
 * @param mounts the task's bind and tmpfs mounts, shared by pre, main and post
 * @param networks Docker networks to attach the container to (the first at creation)
 * @param hardening what every container of this worker gets
 * @param alias the container's host name on its first network (a sidecar's), else empty
 * @param gpus the GPUs it asks for, in Docker's {@code --gpus} syntax, else empty
 */
record ContainerSpec(
    TaskSteps.Step step,
    Map<String, String> labels,
    List<Bind> binds,
    TaskMounts mounts,
    List<String> networks,
    ResourceLimits limits,
    Hardening hardening,
    String alias,
    String gpus) {
  static final String TORK_OUTPUT = "/" + TarArchives.DIR + "/" + TarArchives.STDOUT;
  static final String TORK_PROGRESS = "/" + TarArchives.DIR + "/" + TarArchives.PROGRESS;
  static final String ENTRYPOINT = "/" + TarArchives.DIR + "/" + TarArchives.ENTRYPOINT;

  String label() {
    return step.label();
  }

  String image() {
    return step.image();
  }

  String script() {
    return step.script();
  }

  boolean readOutput() {
    return step.readOutput();
  }

  /** The task's env, then Tork's variables, which the task cannot override. */
  List<String> envList() {
    List<String> list = new ArrayList<>();
    step.env().forEach((key, value) -> list.add(key + "=" + value));
    list.add("TORK_OUTPUT=" + TORK_OUTPUT);
    list.add("TORK_PROGRESS=" + TORK_PROGRESS);
    return list;
  }

  /**
   * Tork's rules: the entrypoint is the task's, else {@code sh -c} for a script, else the image's
   * (empty here); the command is the task's {@code cmd}, else the script's path for a script, else
   * the image's.
   */
  List<String> entrypoint() {
    if (!step.entrypoint().isEmpty()) {
      return step.entrypoint();
    }
    // sh -c rather than the script as entrypoint: a script without a shebang line still runs,
    // and images with nothing but /bin/sh work.
    return step.cmd().isEmpty() && !step.script().isEmpty() ? List.of("sh", "-c") : List.of();
  }

  List<String> cmd() {
    if (!step.cmd().isEmpty()) {
      return step.cmd();
    }
    return step.script().isEmpty() ? List.of() : List.of(ENTRYPOINT);
  }
}
