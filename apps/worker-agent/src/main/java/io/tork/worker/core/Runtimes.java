package io.tork.worker.core;

import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The runtimes a worker can use, by name: {@code docker} (the default), {@code shell}, and any
 * other {@link Provider} found on the classpath (the benchmark's no-op runtime is one).
 */
public final class Runtimes {
  private Runtimes() {}

  /** A runtime, found with {@link ServiceLoader}: this module's own and any other's. */
  public interface Provider {
    String name();

    Runtime create(Options options);
  }

  /**
   * What a runtime may need.
   *
   * @param workdir where the shell runtime makes its working directories
   * @param mounts which bind mounts tasks may have
   * @param taskFiles how the docker runtime hands containers their {@code /tork}; its bind-mounted
   *     directories go under {@code workdir} too
   * @param isolation how the docker runtime confines containers (the shell runtime has none)
   */
  public record Options(
      String nodeId,
      String defaultCpus,
      String defaultMemory,
      Path workdir,
      MountPolicy mounts,
      TaskFilesMode taskFiles,
      IsolationPolicy isolation) {
    public Options(
        String nodeId,
        String defaultCpus,
        String defaultMemory,
        Path workdir,
        MountPolicy mounts,
        TaskFilesMode taskFiles) {
      this(nodeId, defaultCpus, defaultMemory, workdir, mounts, taskFiles, IsolationPolicy.DEFAULT);
    }

    public Options(String nodeId, String defaultCpus, String defaultMemory, Path workdir) {
      this(nodeId, defaultCpus, defaultMemory, workdir, MountPolicy.DENY_BINDS);
    }

    public Options(
        String nodeId, String defaultCpus, String defaultMemory, Path workdir, MountPolicy mounts) {
      this(nodeId, defaultCpus, defaultMemory, workdir, mounts, TaskFilesMode.AUTO);
    }
  }

  /** The runtimes this module provides, first in the list of names an unknown one is told. */
  private static final List<String> BUILT_IN = List.of("docker", "shell");

  /**
   * The runtime called {@code name}, made by the {@link Provider} of that name: {@code docker} and
   * {@code shell} are this module's (its {@code META-INF/services}), so that this package imports
   * none of its adapters.
   */
  public static Runtime create(String name, Options options) {
    List<Provider> providers =
        ServiceLoader.load(Provider.class).stream().map(ServiceLoader.Provider::get).toList();
    return providers.stream()
        .filter(provider -> provider.name().equals(name))
        .findFirst()
        .map(provider -> provider.create(options))
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown runtime '"
                        + name
                        + "': expected "
                        + String.join(", ", BUILT_IN)
                        + providers.stream()
                            .map(Provider::name)
                            .filter(other -> !BUILT_IN.contains(other))
                            .map(other -> ", " + other)
                            .collect(Collectors.joining())));
  }
}
