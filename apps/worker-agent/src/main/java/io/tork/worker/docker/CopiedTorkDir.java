package io.tork.worker.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Bind;
import io.tork.worker.core.Execution;
import io.tork.worker.core.TaskSteps;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.OptionalDouble;

/**
 * {@code /tork} through Docker's archive API, as Tork does: a tar copied into the created container
 * and the output copied out of the exited one. Works wherever the engine runs, but each copy makes
 * the engine mount the container's filesystem (about 0.1 s of its CPU each on this machine).
 */
final class CopiedTorkDir implements TorkDir {
  private final DockerClient docker;
  private final TaskSteps.Step step;

  CopiedTorkDir(DockerClient docker, TaskSteps.Step step) {
    this.docker = docker;
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
    try (InputStream tar =
        docker.copyArchiveFromContainerCmd(containerId, ContainerSpec.TORK_PROGRESS).exec()) {
      return Execution.parseProgress(TarArchives.firstFile(tar));
    } catch (IOException | DockerException e) {
      return OptionalDouble.empty();
    }
  }

  @Override
  public String output(String containerId) throws IOException {
    try (InputStream tar =
        docker.copyArchiveFromContainerCmd(containerId, ContainerSpec.TORK_OUTPUT).exec()) {
      return TarArchives.firstFile(tar);
    } catch (DockerException e) {
      throw new IOException(EngineErrors.message(e), e);
    }
  }

  @Override
  public void close() {
    // Everything lived in the container, which is gone.
  }
}
