package io.tork.worker.docker;

import com.github.dockerjava.api.model.Bind;
import io.tork.model.Limits;
import io.tork.worker.core.OutputFiles;
import io.tork.worker.core.StepResult;
import java.io.IOException;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A container's {@code /tork}: the script ({@code /tork/entrypoint}), {@code $TORK_OUTPUT}, {@code
 * $TORK_PROGRESS}, and the task's files when they go under {@code /tork}. Made before the
 * container, closed after it is removed.
 */
sealed interface TorkDir extends AutoCloseable permits CopiedTorkDir, HostTorkDir {
  /** Mounts the container needs for it, added at creation. */
  List<Bind> binds();

  /** Puts the files in place; called after the creation, before the start. */
  void install(String containerId);

  /**
   * What the running container last wrote to {@code $TORK_PROGRESS}, from the file's head only;
   * empty when unreadable.
   */
  OptionalDouble progress(String containerId);

  /**
   * The step's result from what the container wrote to {@code $TORK_OUTPUT}, read no further than
   * {@link Limits#maxResultBytes} (a larger output fails the step, see {@link OutputFiles}); called
   * once the container has exited.
   *
   * @throws IOException when it cannot be read (the message says why)
   */
  StepResult output(String containerId, Limits limits) throws IOException;

  /** Removes what it made on this host, if anything; never throws. */
  @Override
  void close();
}
