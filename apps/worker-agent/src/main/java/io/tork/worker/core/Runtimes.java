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
   * What a runtime may need; {@link #builder} gives the defaults of what it does not name.
   *
   * @param nodeId this worker's id, put on what a runtime leaves (containers, volumes)
   * @param defaultCpus limit for tasks that set none, e.g. "1.5"; empty for none
   * @param defaultMemory limit for tasks that set none, e.g. "512m"; empty for none
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
    /**
     * No default limits, task directories under {@code <tmp>/tork-java}, no bind mounts, {@code
     * /tork} as {@link TaskFilesMode#AUTO} decides, the default isolation.
     */
    public static Builder builder(String nodeId) {
      return new Builder(nodeId);
    }

    /** The same options, {@code /tork} handed to containers as {@code other} says. */
    public Options withTaskFiles(TaskFilesMode other) {
      return new Options(nodeId, defaultCpus, defaultMemory, workdir, mounts, other, isolation);
    }

    /** Options named one part at a time, the defaults for the rest. */
    public static final class Builder {
      private final String nodeId;
      private String defaultCpus = "";
      private String defaultMemory = "";
      private Path workdir = Path.of(System.getProperty("java.io.tmpdir"), "tork-java");
      private MountPolicy mounts = MountPolicy.DENY_BINDS;
      private TaskFilesMode taskFiles = TaskFilesMode.AUTO;
      private IsolationPolicy isolation = IsolationPolicy.DEFAULT;

      private Builder(String nodeId) {
        this.nodeId = nodeId;
      }

      /** The limits of tasks that set none. */
      public Builder defaultLimits(String cpus, String memory) {
        defaultCpus = cpus;
        defaultMemory = memory;
        return this;
      }

      public Builder workdir(Path v) {
        workdir = v;
        return this;
      }

      public Builder mounts(MountPolicy v) {
        mounts = v;
        return this;
      }

      public Builder taskFiles(TaskFilesMode v) {
        taskFiles = v;
        return this;
      }

      public Builder isolation(IsolationPolicy v) {
        isolation = v;
        return this;
      }

      public Options build() {
        return new Options(
            nodeId, defaultCpus, defaultMemory, workdir, mounts, taskFiles, isolation);
      }
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
