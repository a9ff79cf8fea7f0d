package io.tork.model.validation;

import io.tork.model.GpuRequest;
import io.tork.model.ProbeSpec;
import io.tork.model.SidecarSpec;
import io.tork.model.TaskSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of {@link JobValidator} on a task's {@code sidecars} and {@code gpus}: what can be
 * known from the document alone (durations and templates are checked with the task's other fields).
 */
final class SidecarRules {
  /** Sidecars per task: each is a container and a probe on the worker's engine. */
  static final int MAX_SIDECARS = 10;

  /** A host name label is at most 63 characters (RFC 1035). */
  static final int MAX_ALIAS_LENGTH = 63;

  static final int MAX_PROBE_PATH_LENGTH = 256;

  private SidecarRules() {}

  static void check(String path, TaskSpec task, List<String> problems) {
    List<SidecarSpec> sidecars = task.sidecars();
    if (sidecars.size() > MAX_SIDECARS) {
      problems.add(
          path
              + ".sidecars: has "
              + sidecars.size()
              + " sidecars, more than the limit of "
              + MAX_SIDECARS);
      return;
    }
    Map<String, Integer> aliases = new HashMap<>();
    for (int i = 0; i < sidecars.size(); i++) {
      String at = path + ".sidecars[" + i + "]";
      SidecarSpec sidecar = sidecars.get(i);
      name(at, sidecar, i, aliases, problems);
      if (sidecar.image().isBlank()) {
        problems.add(at + ".image: is required");
      }
      ContainerRules.files(at, sidecar.files(), problems);
      if (sidecar.probe() != null) {
        probe(at + ".probe", sidecar.probe(), problems);
      }
    }
    if (!task.gpus().isEmpty()) {
      try {
        GpuRequest.parse(task.gpus());
      } catch (IllegalArgumentException e) {
        problems.add(path + ".gpus: '" + task.gpus() + "' " + e.getMessage());
      }
    }
  }

  private static void name(
      String at,
      SidecarSpec sidecar,
      int index,
      Map<String, Integer> aliases,
      List<String> problems) {
    String alias = sidecar.alias();
    if (sidecar.name().isBlank()) {
      problems.add(at + ".name: is required");
    } else if (alias.isEmpty() || alias.length() > MAX_ALIAS_LENGTH) {
      problems.add(
          at
              + ".name: '"
              + sidecar.name()
              + "' must make a host name of 1-"
              + MAX_ALIAS_LENGTH
              + " letters, digits and '-'");
    } else {
      Integer first = aliases.putIfAbsent(alias, index);
      if (first != null) {
        problems.add(
            at
                + ".name: '"
                + sidecar.name()
                + "' makes the same host name '"
                + alias
                + "' as sidecars["
                + first
                + "]: names must be unique");
      }
    }
  }

  private static void probe(String at, ProbeSpec probe, List<String> problems) {
    if (probe.port() < 1 || probe.port() > 65_535) {
      problems.add(at + ".port: must be between 1 and 65535");
    }
    String path = probe.path();
    if (!path.isEmpty()
        && (!path.startsWith("/")
            || path.length() > MAX_PROBE_PATH_LENGTH
            || !path.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
      problems.add(
          at
              + ".path: must start with '/' and be at most "
              + MAX_PROBE_PATH_LENGTH
              + " printable ASCII characters without spaces");
    }
  }
}
