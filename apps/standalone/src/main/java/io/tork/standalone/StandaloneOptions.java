package io.tork.standalone;

import io.tork.worker.core.MountPolicy;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything {@code tork standalone} needs.
 *
 * @param kafkaPort the embedded broker's client port on 127.0.0.1 (0 = any free port)
 * @param queues queue name -> concurrency of the embedded worker
 * @param runtime what runs tasks: docker, shell, or a runtime provider's name
 * @param mounts which bind mounts tasks may have
 */
public record StandaloneOptions(
    int port,
    Path dataDir,
    int kafkaPort,
    Map<String, Integer> queues,
    String defaultCpus,
    String defaultMemory,
    String runtime,
    MountPolicy mounts) {
  /** No bind mounts. */
  public StandaloneOptions(
      int port,
      Path dataDir,
      int kafkaPort,
      Map<String, Integer> queues,
      String defaultCpus,
      String defaultMemory,
      String runtime) {
    this(
        port,
        dataDir,
        kafkaPort,
        queues,
        defaultCpus,
        defaultMemory,
        runtime,
        MountPolicy.DENY_BINDS);
  }

  /** With the Docker runtime. */
  public StandaloneOptions(
      int port,
      Path dataDir,
      int kafkaPort,
      Map<String, Integer> queues,
      String defaultCpus,
      String defaultMemory) {
    this(port, dataDir, kafkaPort, queues, defaultCpus, defaultMemory, "docker");
  }
}
