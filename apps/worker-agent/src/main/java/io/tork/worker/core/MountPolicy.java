package io.tork.worker.core;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which host paths a task may bind-mount on this worker: none unless the operator allows bind
 * mounts; then any, or only those under the listed sources.
 *
 * <p>A source is judged by its real path, every symbolic link followed, as the Docker engine will
 * follow them: a link planted by an earlier task ({@code DIR/esc -> /var/run}) resolves outside
 * {@code DIR} and is refused. A source that does not exist is refused, never created. The check
 * runs on this worker's view of the filesystem, which must be the engine's (the worker on the
 * engine's host, or the sources shared at the same paths).
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

  /** What the check of one bind source found. */
  public sealed interface Check {
    /** The source may be mounted; {@code realPath} is what to hand the engine. */
    record Allowed(Path realPath) implements Check {}

    record Refused(String reason) implements Check {}
  }

  /**
   * Whether any host path may be bind-mounted: then a volume's driver options (which can mount any
   * host path or device) give a task nothing it could not have anyway.
   */
  public boolean anyHostPath() {
    return bindAllowed && bindSources.isEmpty();
  }

  /** Checks {@code source} as it is on disk now. */
  public Check check(String source) {
    if (!bindAllowed) {
      return new Check.Refused("bind mounts are not allowed on this worker");
    }
    Path requested = Path.of(source);
    if (!requested.isAbsolute()) {
      return new Check.Refused("bind source '" + source + "' is not an absolute path");
    }
    Path real;
    try {
      real = requested.toRealPath();
    } catch (NoSuchFileException e) {
      return new Check.Refused("bind source '" + source + "' does not exist");
    } catch (IOException | SecurityException e) {
      return new Check.Refused("cannot resolve bind source '" + source + "': " + e);
    }
    if (bindSources.isEmpty() || bindSources.stream().anyMatch(allowed -> within(real, allowed))) {
      return new Check.Allowed(real);
    }
    return new Check.Refused(
        "bind source '"
            + source
            + "' "
            + (real.equals(requested.normalize()) ? "" : "resolves to '" + real + "', which ")
            + "is not in this worker's allowed sources");
  }

  /**
   * Checks again, right before the engine uses it, a real path {@link #check} allowed: why it may
   * no longer be mounted (a part of it was replaced by a link, or removed), or empty.
   */
  public Optional<String> recheck(Path realPath) {
    String changed = "bind source '" + realPath + "' changed since it was checked: ";
    Path now;
    try {
      now = realPath.toRealPath();
    } catch (NoSuchFileException e) {
      return Optional.of(changed + "it no longer exists");
    } catch (IOException | SecurityException e) {
      return Optional.of(changed + e);
    }
    return now.equals(realPath)
        ? Optional.empty()
        : Optional.of(changed + "it now resolves to '" + now + "'");
  }

  /** Whether {@code real} is {@code allowed} or under it, the allowed source's links followed. */
  private static boolean within(Path real, String allowed) {
    try {
      return real.startsWith(Path.of(allowed).toRealPath());
    } catch (IOException | SecurityException e) {
      return false; // a source that does not exist contains nothing
    }
  }
}
