package io.tork.worker.core;

import io.tork.worker.docker.DockerRuntime;
import io.tork.worker.shell.ShellRuntime;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The runtimes a worker can use, by name: {@code docker} (the default), {@code shell}, and any
 * {@link Provider} found on the classpath (the benchmark's no-op runtime is one).
 */
public final class Runtimes {
  private Runtimes() {}

  /** A runtime from outside this module, found with {@link ServiceLoader}. */
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

  public static Runtime create(String name, Options options) {
    return switch (name) {
      case "docker" ->
          DockerRuntime.connect(
              options.nodeId(),
              options.defaultCpus(),
              options.defaultMemory(),
              options.mounts(),
              options.taskFiles(),
              options.workdir(),
              options.isolation());
      case "shell" -> ShellRuntime.create(options.workdir());
      default ->
          ServiceLoader.load(Provider.class).stream()
              .map(ServiceLoader.Provider::get)
              .filter(provider -> provider.name().equals(name))
              .findFirst()
              .map(provider -> provider.create(options))
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown runtime '"
                              + name
                              + "': expected docker, shell"
                              + ServiceLoader.load(Provider.class).stream()
                                  .map(p -> ", " + p.get().name())
                                  .collect(Collectors.joining())));
    };
  }
}
