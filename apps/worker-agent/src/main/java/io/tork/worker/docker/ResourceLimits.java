package io.tork.worker.docker;

import com.github.dockerjava.api.model.HostConfig;
import io.tork.model.LimitsSpec;
import io.tork.model.Quantities;
import org.jspecify.annotations.Nullable;

/** CPU and memory limits of a container; 0 means "no limit", as in Docker's API. */
record ResourceLimits(long nanoCpus, long memoryBytes) {

  /**
   * Parses the worker's default limits (empty strings: none).
   *
   * @throws IllegalArgumentException naming the malformed value
   */
  static ResourceLimits of(String cpus, String memory) {
    return new ResourceLimits(
        cpus.isBlank() ? 0 : parseCpus(cpus), memory.isBlank() ? 0 : parseMemory(memory));
  }

  /**
   * The task's limits, falling back field by field to the worker's {@code defaults} (Tork fills in
   * a missing cpus or memory separately).
   *
   * @throws IllegalArgumentException naming the malformed value
   */
  static ResourceLimits resolve(@Nullable LimitsSpec task, ResourceLimits defaults) {
    String cpus = task == null ? "" : task.cpus();
    String memory = task == null ? "" : task.memory();
    return new ResourceLimits(
        cpus.isBlank() ? defaults.nanoCpus : parseCpus(cpus),
        memory.isBlank() ? defaults.memoryBytes : parseMemory(memory));
  }

  HostConfig applyTo(HostConfig host) {
    if (nanoCpus > 0) {
      host.withNanoCPUs(nanoCpus);
    }
    if (memoryBytes > 0) {
      host.withMemory(memoryBytes);
    }
    return host;
  }

  private static long parseCpus(String text) {
    return Quantities.nanoCpus(text)
        .orElseThrow(() -> new IllegalArgumentException("invalid cpus limit '" + text + "'"));
  }

  private static long parseMemory(String text) {
    return Quantities.memoryBytes(text)
        .orElseThrow(() -> new IllegalArgumentException("invalid memory limit '" + text + "'"));
  }
}
