package io.tork.worker.docker;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import io.tork.worker.core.IsolationPolicy;
import java.util.List;

/**
 * The settings every container of this worker gets, whatever the task: no new privileges (setuid
 * binaries cannot raise them), never privileged, a pids limit, the worker's capabilities, and no
 * log on the engine's disk (the {@code none} driver): the worker attaches to the output before the
 * start and ships it itself, bounded by its limits (ADR 36; the rotating log ADR 41 first chose
 * lost lines when followed on Docker 20.10).
 */
final class Hardening {
  static final String NO_NEW_PRIVILEGES = "no-new-privileges";

  private final long pidsLimit;
  private final LogConfig log;
  private final Capability[] drop;
  private final Capability[] add;

  private Hardening(IsolationPolicy policy) {
    this.pidsLimit = policy.pidsLimit();
    this.log = new LogConfig(LogConfig.LoggingType.NONE);
    // Added back after the drop (as Docker does): one added is never also dropped.
    this.drop =
        capabilities(
            "--cap-drop",
            policy.capDrop().stream().filter(cap -> !policy.capAdd().contains(cap)).toList());
    this.add = capabilities("--cap-add", policy.capAdd());
  }

  /**
   * @throws IllegalArgumentException naming a capability Docker does not know, and its flag
   */
  static Hardening of(IsolationPolicy policy) {
    return new Hardening(policy);
  }

  HostConfig applyTo(HostConfig host) {
    host.withPrivileged(false).withSecurityOpts(List.of(NO_NEW_PRIVILEGES)).withLogConfig(log);
    if (pidsLimit > 0) {
      host.withPidsLimit(pidsLimit);
    }
    if (drop.length > 0) {
      host.withCapDrop(drop);
    }
    if (add.length > 0) {
      host.withCapAdd(add);
    }
    return host;
  }

  private static Capability[] capabilities(String flag, List<String> names) {
    return names.stream()
        .map(
            name -> {
              try {
                return Capability.valueOf(name);
              } catch (IllegalArgumentException e) {
                // Without the cause: the one line a failed start prints stays readable.
                throw new IllegalArgumentException(
                    flag + ": '" + name + "' is not a Linux capability Docker knows");
              }
            })
        .toArray(Capability[]::new);
  }
}
