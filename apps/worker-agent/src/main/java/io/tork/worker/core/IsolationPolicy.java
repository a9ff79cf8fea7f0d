package io.tork.worker.core;

import io.tork.model.TaskPolicy;
import java.util.List;

/**
 * How a worker confines the containers it runs, on top of its {@link MountPolicy}: what a task may
 * name ({@link TaskPolicy}: networks, images) and what every container gets, pre and post tasks
 * included: {@code no-new-privileges}, never privileged, a pids limit, tmpfs mounts no larger than
 * a cap, no Docker log on disk (the worker reads the output itself), and Docker's default
 * capabilities less {@code capDrop} plus {@code capAdd}.
 *
 * @param pidsLimit most processes (threads included) in one container; 0 for no limit
 * @param maxTmpfsBytes largest tmpfs mount; one without a size gets this size
 * @param capDrop capabilities taken from Docker's default set ({@code ALL} for every one)
 * @param capAdd capabilities given on top (after {@code capDrop})
 */
public record IsolationPolicy(
    TaskPolicy tasks,
    long pidsLimit,
    long maxTmpfsBytes,
    List<String> capDrop,
    List<String> capAdd) {
  public static final long DEFAULT_PIDS_LIMIT = 1024;
  public static final long DEFAULT_MAX_TMPFS_BYTES = 64L << 20;

  /**
   * Raw sockets (forged packets on the container's networks) are the one capability of Docker's
   * default set that the Kubernetes baseline profile also leaves out.
   */
  public static final List<String> DEFAULT_CAP_DROP = List.of("NET_RAW");

  /** What a worker uses unless told otherwise. */
  public static final IsolationPolicy DEFAULT =
      new IsolationPolicy(
          TaskPolicy.DEFAULT,
          DEFAULT_PIDS_LIMIT,
          DEFAULT_MAX_TMPFS_BYTES,
          DEFAULT_CAP_DROP,
          List.of());

  public IsolationPolicy {
    if (pidsLimit < 0) {
      throw new IllegalArgumentException(
          "--default-pids-limit: must be 0 (none) or more, got " + pidsLimit);
    }
    if (maxTmpfsBytes <= 0) {
      throw new IllegalArgumentException("--max-tmpfs-size: must be positive");
    }
    capDrop = names(capDrop);
    capAdd = names(capAdd);
  }

  /**
   * Upper case, without a {@code CAP_} prefix, blanks left out ({@code --cap-drop=} drops none).
   */
  private static List<String> names(List<String> capabilities) {
    return capabilities.stream()
        .map(String::strip)
        .filter(name -> !name.isEmpty())
        .map(name -> name.toUpperCase(java.util.Locale.ROOT).replaceFirst("^CAP_", ""))
        .distinct()
        .toList();
  }
}
