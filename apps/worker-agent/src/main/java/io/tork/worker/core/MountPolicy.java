package io.tork.worker.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which host paths a task may bind-mount on this worker: none unless the operator allows bind
 * mounts; then any, or only those under the listed sources.
 *
 * @param bindAllowed whether {@code type: bind} mounts are allowed at all
 * @param bindSources when not empty, the host directories a bind source must be (or be under)
 */
public record MountPolicy(boolean bindAllowed, List<String> bindSources) {
  public static final MountPolicy DENY_BINDS = new MountPolicy(false, List.of());

  public MountPolicy {
    // Relative to the directory the worker started in, once: the check below compares absolute
    // paths.
    bindSources =
        bindSources.stream().map(s -> Path.of(s).toAbsolutePath().normalize().toString()).toList();
  }

  /** Why {@code source} may not be bind-mounted here; empty when it may. */
  public Optional<String> refusal(String source) {
    if (!bindAllowed) {
      return Optional.of("bind mounts are not allowed on this worker");
    }
    if (bindSources.isEmpty()) {
      return Optional.empty();
    }
    Path path = Path.of(source).normalize();
    boolean listed =
        bindSources.stream().map(s -> Path.of(s).normalize()).anyMatch(path::startsWith);
    return listed
        ? Optional.empty()
        : Optional.of("bind source '" + source + "' is not in this worker's allowed sources");
  }
}
