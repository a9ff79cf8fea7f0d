package io.tork.worker.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import io.tork.model.Limits;
import io.tork.worker.core.OutputFiles;
import io.tork.worker.core.StepResult;
import io.tork.worker.core.TaskSteps;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.OptionalDouble;

/**
 * {@code /tork} through Docker's archive API, as Tork does: a tar copied into the created container
 * and the output copied out of the exited one. Works wherever the engine runs, but each copy makes
 * the engine mount the container's filesystem (about 0.1 s of its CPU each on this machine).
 *
 * <p>A task can make its output or progress file huge: only what is needed is read (a progress
 * file's head; an output no larger than the limit, whose size the archive tells first), see {@link
 * ContainerFiles}.
 */
final class CopiedTorkDir implements TorkDir {
  private final DockerClient docker;
  private final ContainerFiles files;
  private final TaskSteps.Step step;

  CopiedTorkDir(DockerClient docker, ContainerFiles files, TaskSteps.Step step) {
    this.docker = docker;
    this.files = files;
    this.step = step;
  }

  @Override
  public List<Bind> binds() {
    return List.of();
  }

  @Override
  public void install(String containerId) {
    docker
        .copyArchiveToContainerCmd(containerId)
        .withRemotePath("/")
        .withTarInputStream(
            new ByteArrayInputStream(
                TarArchives.taskFiles(step.script(), step.effectiveWorkdir(), step.files())))
        .exec();
  }

  @Override
  public OptionalDouble progress(String containerId) {
    try {
      return files
          .read(
              containerId,
              ContainerSpec.TORK_PROGRESS,
              (contents, size) -> OutputFiles.progress(contents))
          .orElse(OptionalDouble.empty());
    } catch (IOException e) {
      return OptionalDouble.empty();
    }
  }

  @Override
  public StepResult output(String containerId, Limits limits) throws IOException {
    return files
        .read(
            containerId,
            ContainerSpec.TORK_OUTPUT,
            (contents, size) -> OutputFiles.result(contents, size, limits))
        .orElse(new StepResult.Completed(""));
  }

  @Override
  public void close() {
    // Everything lived in the container, which is gone.
  }
}
