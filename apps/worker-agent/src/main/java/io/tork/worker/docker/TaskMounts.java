package io.tork.worker.docker;

import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import io.tork.model.MountSpec;
import io.tork.model.Quantities;
import io.tork.model.TaskSpec;
import io.tork.worker.core.IsolationPolicy;
import io.tork.worker.core.MountPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A task's mounts as the engine takes them, shared by its pre, main and post containers, once the
 * worker's policies allowed each: volumes to create, host paths to bind (by their real paths, with
 * the mount API, which refuses a missing source instead of creating it) and tmpfs mounts (no larger
 * than the worker's cap).
 *
 * @param volumes the {@code volume} mounts: fresh Docker volumes, made by {@link DockerVolumes}
 * @param binds the {@code bind} mounts, each source its real path
 * @param tmpfs container path -> Docker's tmpfs options, a size always set
 */
record TaskMounts(
    List<MountSpec> volumes, List<Mount> binds, Map<String, String> tmpfs, MountPolicy policy) {
  TaskMounts {
    volumes = List.copyOf(volumes);
    binds = List.copyOf(binds);
    tmpfs = Map.copyOf(tmpfs);
  }

  /** A task's mounts, or why one of them is refused. */
  sealed interface Prepared {
    record Allowed(TaskMounts mounts) implements Prepared {}

    record Refused(String reason) implements Prepared {}
  }

  static Prepared prepare(TaskSpec task, MountPolicy policy, IsolationPolicy isolation) {
    List<MountSpec> volumes = new ArrayList<>();
    task.volumes().forEach(path -> volumes.add(MountSpec.volume(path)));
    List<Mount> binds = new ArrayList<>();
    Map<String, String> tmpfs = new LinkedHashMap<>();
    for (int i = 0; i < task.mounts().size(); i++) {
      MountSpec mount = task.mounts().get(i);
      Optional<String> refused =
          switch (mount.type()) {
            case MountSpec.VOLUME -> volume(mount, policy, volumes);
            case MountSpec.TMPFS -> tmpfs(mount, isolation.maxTmpfsBytes(), tmpfs);
            case MountSpec.BIND -> bind(mount, policy, binds);
            default -> Optional.of("unknown mount type '" + mount.type() + "'");
          };
      if (refused.isPresent()) {
        return new Prepared.Refused("mounts[" + i + "]: " + refused.get());
      }
    }
    return new Prepared.Allowed(new TaskMounts(volumes, binds, tmpfs, policy));
  }

  /**
   * Checks every bind source again, right before the engine is asked to use it: why one may no
   * longer be mounted, or empty.
   */
  Optional<String> recheck() {
    for (Mount bind : binds) {
      Optional<String> changed = policy.recheck(Path.of(bind.getSource()));
      if (changed.isPresent()) {
        return changed;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> volume(
      MountSpec mount, MountPolicy policy, List<MountSpec> volumes) {
    // The local driver's options are mount(2)'s: type=none,o=bind,device=/ mounts the host's root.
    if (!mount.opts().isEmpty() && !policy.anyHostPath()) {
      return Optional.of(
          "volume opts are Docker volume driver options, which can mount any host path or device,"
              + " and are allowed only where any host path may be bind-mounted (--bind-mounts"
              + " without --bind-source)");
    }
    volumes.add(mount);
    return Optional.empty();
  }

  private static Optional<String> tmpfs(MountSpec mount, long max, Map<String, String> tmpfs) {
    long size = max;
    String mode = "";
    for (Map.Entry<String, String> opt : mount.opts().entrySet()) {
      switch (opt.getKey()) {
        case "size" -> {
          Optional<Long> bytes = Quantities.memoryBytes(opt.getValue());
          if (bytes.isEmpty()) {
            return Optional.of("tmpfs size '" + opt.getValue() + "' is not a size");
          }
          if (bytes.get() > max) {
            return Optional.of(
                "tmpfs size "
                    + opt.getValue()
                    + " is over this worker's limit of "
                    + max
                    + " bytes (--max-tmpfs-size)");
          }
          size = bytes.get();
        }
        case "mode" -> {
          if (!opt.getValue().matches("[0-7]{3,4}")) {
            return Optional.of("tmpfs mode '" + opt.getValue() + "' is not an octal mode");
          }
          mode = ",mode=" + opt.getValue();
        }
        default -> {
          return Optional.of("a tmpfs takes only size and mode, not '" + opt.getKey() + "'");
        }
      }
    }
    // In bytes: the engine then mounts exactly the size checked here.
    tmpfs.put(mount.target(), "size=" + size + mode);
    return Optional.empty();
  }

  private static Optional<String> bind(MountSpec mount, MountPolicy policy, List<Mount> binds) {
    return switch (policy.check(mount.source())) {
      case MountPolicy.Check.Refused refused -> Optional.of(refused.reason());
      case MountPolicy.Check.Allowed allowed -> {
        binds.add(
            new Mount()
                .withType(MountType.BIND)
                .withSource(allowed.realPath().toString())
                .withTarget(mount.target())
                .withReadOnly(mount.readonly()));
        yield Optional.empty();
      }
    };
  }
}
