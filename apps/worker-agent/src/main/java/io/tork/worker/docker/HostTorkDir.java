package io.tork.worker.docker;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import io.tork.model.Limits;
import io.tork.worker.core.Directories;
import io.tork.worker.core.OutputFiles;
import io.tork.worker.core.StepResult;
import io.tork.worker.core.TaskSteps;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * {@code /tork} as a directory of this host, bind-mounted into the container: the worker writes the
 * script and files and reads the output with plain file calls, and the engine does no archive work.
 * The engine must see this host's paths (see {@link io.tork.worker.core.TaskFilesMode}).
 *
 * <p>The container owns the directory while it runs and may put anything there, so the worker never
 * follows a link in it: the output is read only as a regular file, after the exit (when no process
 * of the container is left to swap it), and the progress through a handle opened before the start,
 * so a fifo or link put in its place cannot block or redirect the read.
 */
final class HostTorkDir implements TorkDir {
  private static final Path CONTAINER_DIR = Path.of("/" + TarArchives.DIR);

  private final Path dir;
  private final FileChannel progress;

  private HostTorkDir(Path dir, FileChannel progress) {
    this.dir = dir;
    this.progress = progress;
  }

  /** Whether the step's files can all go here: they must be under {@code /tork}. */
  static boolean fits(TaskSteps.Step step) {
    return step.files().isEmpty() || underTork(step.effectiveWorkdir());
  }

  /**
   * A new directory under {@code root} with the step's script, empty output and progress files
   * (writable by any user, as in the copy mode) and its files.
   */
  static HostTorkDir create(Path root, TaskSteps.Step step) throws IOException {
    Files.createDirectories(root);
    Path dir = Files.createTempDirectory(root, "c");
    try {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      write(dir.resolve(TarArchives.ENTRYPOINT), step.script(), "r-xr-xr-x");
      write(dir.resolve(TarArchives.STDOUT), "", "rw-rw-rw-");
      Path progressFile = dir.resolve(TarArchives.PROGRESS);
      write(progressFile, "", "rw-rw-rw-");
      String workdir = step.effectiveWorkdir();
      if (underTork(workdir)) {
        Path hostWorkdir = inside(dir, CONTAINER_DIR.relativize(Path.of(workdir).normalize()));
        Files.createDirectories(hostWorkdir);
        for (Map.Entry<String, String> file : step.files().entrySet()) {
          Path path = inside(dir, hostWorkdir.resolve(file.getKey()));
          Files.createDirectories(path.getParent());
          write(path, file.getValue(), "r--r--r--");
        }
      }
      return new HostTorkDir(dir, FileChannel.open(progressFile, StandardOpenOption.READ));
    } catch (IOException | RuntimeException e) {
      Directories.deleteQuietly(dir);
      throw e;
    }
  }

  @Override
  public List<Bind> binds() {
    return List.of(new Bind(dir.toString(), new Volume(CONTAINER_DIR.toString())));
  }

  @Override
  public void install(String containerId) {
    // Written at creation, visible through the mount.
  }

  @Override
  public OptionalDouble progress(String containerId) {
    try {
      return OutputFiles.progress(progress);
    } catch (IOException e) {
      return OptionalDouble.empty();
    }
  }

  @Override
  public StepResult output(String containerId, Limits limits) throws IOException {
    Path file = dir.resolve(TarArchives.STDOUT);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(ContainerSpec.TORK_OUTPUT + " is not a regular file");
    }
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      return OutputFiles.result(Channels.newInputStream(channel), channel.size(), limits);
    }
  }

  @Override
  public void close() {
    try {
      progress.close();
    } catch (IOException e) {
      // read-only handle: nothing to lose
    }
    Directories.deleteQuietly(dir);
  }

  private static boolean underTork(String workdir) {
    return !workdir.isEmpty() && Path.of(workdir).normalize().startsWith(CONTAINER_DIR);
  }

  /** {@code path} resolved in {@code dir}, refused when it would leave it. */
  private static Path inside(Path dir, Path path) throws IOException {
    Path resolved = dir.resolve(path).normalize();
    if (!resolved.startsWith(dir)) {
      throw new IOException("'" + path + "' is outside " + CONTAINER_DIR);
    }
    return resolved;
  }

  private static void write(Path file, String content, String permissions) throws IOException {
    Files.writeString(file, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
  }
}
