package io.tork.model.validation;

import io.tork.model.LimitsSpec;
import io.tork.model.MountSpec;
import io.tork.model.Quantities;
import io.tork.model.TaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules of {@link JobValidator} on what a task asks of its container (paths, mounts, networks,
 * resources), each problem reported with the path of its field.
 */
final class ContainerRules {
  private static final int MAX_WORKDIR_LENGTH = 256;

  /** A Docker network name or id, or {@code container:<name or id>}. */
  private static final Pattern NETWORK =
      Pattern.compile("^(container:)?[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}$");

  private static final Pattern MOUNT_PATH = Pattern.compile("^[-/.0-9a-zA-Z_= ]+$");

  private ContainerRules() {}

  /** The fields that only make sense on a task that runs a container. */
  static List<String> containerFields(TaskSpec t) {
    List<String> out = new ArrayList<>();
    addIf(out, !t.image().isEmpty(), "image");
    addIf(out, !t.run().isEmpty(), "run");
    addIf(out, !t.cmd().isEmpty(), "cmd");
    addIf(out, !t.entrypoint().isEmpty(), "entrypoint");
    addIf(out, !t.env().isEmpty(), "env");
    addIf(out, !t.files().isEmpty(), "files");
    addIf(out, !t.workdir().isEmpty(), "workdir");
    addIf(out, !t.queue().isEmpty(), "queue");
    addIf(out, !t.pre().isEmpty(), "pre");
    addIf(out, !t.post().isEmpty(), "post");
    addIf(out, !t.sidecars().isEmpty(), "sidecars");
    addIf(out, !t.gpus().isEmpty(), "gpus");
    addIf(out, !t.volumes().isEmpty(), "volumes");
    addIf(out, !t.mounts().isEmpty(), "mounts");
    addIf(out, !t.networks().isEmpty(), "networks");
    addIf(out, t.retry() != null, "retry");
    addIf(out, t.limits() != null, "limits");
    addIf(out, !t.timeout().isEmpty(), "timeout");
    return out;
  }

  private static void addIf(List<String> out, boolean present, String field) {
    if (present) {
      out.add(field);
    }
  }

  /** A task's volumes, mounts, files, working directory and networks: what it asks of Docker. */
  static void paths(String path, TaskSpec task, List<String> problems) {
    for (int i = 0; i < task.volumes().size(); i++) {
      String volume = task.volumes().get(i);
      if (!volume.startsWith("/") || volume.equals("/tork") || volume.contains(":")) {
        problems.add(path + ".volumes[" + i + "]: must be an absolute container path, not /tork");
      }
    }
    for (int i = 0; i < task.mounts().size(); i++) {
      mount(path + ".mounts[" + i + "]", task.mounts().get(i), problems);
    }
    files(path, task.files(), problems);
    if (!task.workdir().isEmpty()
        && (!task.workdir().startsWith("/") || task.workdir().length() > MAX_WORKDIR_LENGTH)) {
      problems.add(
          path + ".workdir: must be an absolute path of at most " + MAX_WORKDIR_LENGTH + " chars");
    }
    for (int i = 0; i < task.networks().size(); i++) {
      String network = task.networks().get(i);
      if (network.isBlank()) {
        problems.add(path + ".networks[" + i + "]: must not be empty");
      } else if (!NETWORK.matcher(network).matches()) {
        problems.add(path + ".networks[" + i + "]: '" + network + "' is not a network name");
      }
    }
  }

  /** The names of {@code files} (of a task, or a sidecar at {@code path}): relative, inside. */
  static void files(String path, Map<String, String> files, List<String> problems) {
    files
        .keySet()
        .forEach(
            name -> {
              if (name.isBlank()
                  || name.startsWith("/")
                  || List.of(name.split("/")).contains("..")) {
                problems.add(path + ".files." + name + ": must be a relative file name");
              }
            });
  }

  private static void mount(String path, MountSpec mount, List<String> problems) {
    switch (mount.type()) {
      case "" -> problems.add(path + ".type: is required (volume, bind or tmpfs)");
      case MountSpec.VOLUME, MountSpec.TMPFS -> {
        if (!mount.source().isEmpty()) {
          problems.add(path + ".source: must be empty for a " + mount.type() + " mount");
        }
        if (mount.readonly()) {
          problems.add(path + ".readonly: only a bind mount can be read-only");
        }
        if (mount.type().equals(MountSpec.TMPFS)) {
          tmpfsOpts(path + ".opts", mount.opts(), problems);
        }
      }
      case MountSpec.BIND -> {
        if (mount.source().isEmpty()) {
          problems.add(path + ".source: is required for a bind mount");
        } else if (!MOUNT_PATH.matcher(mount.source()).matches()
            || !mount.source().startsWith("/")) {
          problems.add(path + ".source: '" + mount.source() + "' is not a valid host path");
        }
      }
      default ->
          problems.add(path + ".type: '" + mount.type() + "' is not one of volume, bind, tmpfs");
    }
    if (mount.target().isEmpty()) {
      problems.add(path + ".target: is required");
    } else if (!MOUNT_PATH.matcher(mount.target()).matches()
        || !mount.target().startsWith("/")
        || mount.target().equals("/tork")
        || mount.target().startsWith("/tork/")) {
      problems.add(path + ".target: '" + mount.target() + "' is not a valid container path");
    }
  }

  /** Docker takes a tmpfs's options as mount flags: only a size and a mode are let through. */
  private static void tmpfsOpts(String path, Map<String, String> opts, List<String> problems) {
    opts.forEach(
        (key, value) -> {
          switch (key) {
            case "size" -> {
              if (Quantities.memoryBytes(value).isEmpty()) {
                problems.add(path + ".size: '" + value + "' is not a size (e.g. 64m)");
              }
            }
            case "mode" -> {
              if (!value.matches("[0-7]{3,4}")) {
                problems.add(path + ".mode: '" + value + "' is not an octal mode (e.g. 1777)");
              }
            }
            default -> problems.add(path + "." + key + ": a tmpfs takes only size and mode");
          }
        });
  }

  static void limits(String path, LimitsSpec limits, List<String> problems) {
    if (!limits.cpus().isEmpty() && Quantities.nanoCpus(limits.cpus()).isEmpty()) {
      problems.add(path + ".cpus: '" + limits.cpus() + "' is not a positive number of CPUs");
    }
    if (!limits.memory().isEmpty() && Quantities.memoryBytes(limits.memory()).isEmpty()) {
      problems.add(path + ".memory: '" + limits.memory() + "' is not a size (e.g. 512k, 10m, 1g)");
    }
  }
}
