package io.tork.worker.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * How the docker runtime hands each container its {@code /tork} directory (the script, {@code
 * $TORK_OUTPUT}, {@code $TORK_PROGRESS} and the task's files): see ADR 13.
 */
public enum TaskFilesMode {
  /** A directory of this host bind-mounted at {@code /tork}: no archive calls to the engine. */
  BIND,
  /** Docker's archive API, into and out of the container: works wherever the engine is. */
  COPY,
  /**
   * {@link #BIND} when it is safe: the engine is on a local socket, this process runs as root (so
   * it can remove whatever a container leaves in the directory) and not inside a container (whose
   * paths the engine would not see); {@link #COPY} otherwise.
   */
  AUTO;

  /** {@link #BIND} or {@link #COPY}: what {@link #AUTO} means on this host. */
  public TaskFilesMode resolve(String dockerHost) {
    if (this != AUTO) {
      return this;
    }
    return dockerHost.startsWith("unix://") && runsAsRoot() && engineSharesOurRoot() ? BIND : COPY;
  }

  private static boolean engineSharesOurRoot() {
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      return processes
          .filter(dir -> dir.getFileName().toString().chars().allMatch(Character::isDigit))
          .filter(dir -> "dockerd".equals(comm(dir)))
          .anyMatch(TaskFilesMode::hasOurRoot);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static String comm(Path process) {
    try {
      return Files.readString(process.resolve("comm")).strip();
    } catch (IOException e) {
      return ""; // gone meanwhile
    }
  }

  private static boolean hasOurRoot(Path process) {
    try {
      return Files.isSameFile(process.resolve("root"), Path.of("/"));
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean runsAsRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }
}
