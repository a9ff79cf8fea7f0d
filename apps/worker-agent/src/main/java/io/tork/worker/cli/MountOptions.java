package io.tork.worker.cli;

import io.tork.worker.core.MountPolicy;
import io.tork.worker.core.TaskFilesMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The worker's bind-mount policy, shared by {@code worker} and {@code standalone}. */
public final class MountOptions {
  @Option(
      names = "--bind-mounts",
      description =
          "Allow tasks to bind-mount host paths (mounts of type bind); off by default: a bind"
              + " mount gives a task this host's files.")
  boolean bindAllowed;

  @Option(
      names = "--bind-source",
      paramLabel = "DIR",
      description =
          "With --bind-mounts: a host directory bind sources must be in; repeatable (default:"
              + " any).")
  List<Path> bindSources = new ArrayList<>();

  @Option(
      names = "--task-files",
      defaultValue = "auto",
      converter = MountOptions.TaskFilesConverter.class,
      description =
          "How the docker runtime gives each container its /tork (script, $TORK_OUTPUT,"
              + " $TORK_PROGRESS, files): bind (a directory under --workdir / the data dir,"
              + " bind-mounted: fastest; the Docker engine must see this host's paths), copy"
              + " (Docker's archive API: works anywhere), or auto (bind when the engine is on a"
              + " local socket and this process runs as root outside a container) (default:"
              + " ${DEFAULT-VALUE}).")
  TaskFilesMode taskFiles;

  public MountPolicy policy() {
    return new MountPolicy(bindAllowed, bindSources.stream().map(Path::toString).toList());
  }

  public TaskFilesMode taskFiles() {
    return taskFiles;
  }

  /** auto, bind or copy. */
  static final class TaskFilesConverter implements CommandLine.ITypeConverter<TaskFilesMode> {
    @Override
    public TaskFilesMode convert(String value) {
      return switch (value) {
        case "auto" -> TaskFilesMode.AUTO;
        case "bind" -> TaskFilesMode.BIND;
        case "copy" -> TaskFilesMode.COPY;
        default ->
            throw new CommandLine.TypeConversionException(
                "expected auto, bind or copy, got '" + value + "'");
      };
    }
  }
}
