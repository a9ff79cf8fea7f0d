package io.tork.worker.docker;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import io.tork.worker.core.IsolationPolicy;
import java.util.List;
import java.util.Map;

/**
 * The settings every container of this worker gets, whatever the task: no new privileges (setuid
 * binaries cannot raise them), never privileged, a pids limit, the worker's capabilities, and a log
 * the engine keeps bounded on disk: the {@code local} driver (about 26 bytes of framing a line),
 * {@value #LOG_FILES} files, the older one compressed.
 *
 * <p>The worker reads the log through the engine's logs API, following it and re-reading it after
 * the exit. Docker 20.10 drops lines from a followed log when it rotates (measured: 100,000 of
 * 400,000 arrived with 200 KB files), so the first file is made large (half the bound, 128 MB by
 * default): a task rotates it only past that much log, more than the worker ships by default (ADR
 * 40).
 */
final class Hardening {
  static final String NO_NEW_PRIVILEGES = "no-new-privileges";
  static final int LOG_FILES = 2;

  private final long pidsLimit;
  private final LogConfig log;
  private final Capability[] drop;
  private final Capability[] add;

  private Hardening(IsolationPolicy policy) {
    this.pidsLimit = policy.pidsLimit();
    this.log =
        new LogConfig(
            LogConfig.LoggingType.LOCAL,
            Map.of(
                "max-size", String.valueOf(policy.maxContainerLogBytes() / LOG_FILES),
                "max-file", String.valueOf(LOG_FILES),
                "compress", "true"));
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
