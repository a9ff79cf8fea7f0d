package io.tork.worker.docker;

import com.github.dockerjava.api.DockerClient;
import io.tork.worker.core.TaskFilesMode;
import io.tork.worker.core.TaskSteps;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Makes each container's {@code /tork} the way this worker was told to: a bind-mounted directory
 * under {@code root} where the step's files fit there, else a copy through the engine.
 *
 * @param mode {@link TaskFilesMode#BIND} or {@link TaskFilesMode#COPY}
 * @param root this node's directory for bind-mounted {@code /tork}s
 */
record TorkDirs(DockerClient docker, ContainerFiles files, TaskFilesMode mode, Path root) {
  TorkDirs(DockerClient docker, TaskFilesMode mode, Path root) {
    this(docker, new ContainerFiles(docker), mode, root);
  }

  TorkDir create(TaskSteps.Step step) throws IOException {
    return mode == TaskFilesMode.BIND && HostTorkDir.fits(step)
        ? HostTorkDir.create(root, step)
        : new CopiedTorkDir(docker, files, step);
  }
}
