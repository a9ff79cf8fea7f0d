package io.tork.worker.docker;

import io.tork.worker.core.TaskFilesMode;

/** The contract with {@code /tork} as a bind-mounted directory of this host. */
class DockerRuntimeBindContractTest extends DockerRuntimeContract {
  @Override
  TaskFilesMode mode() {
    return TaskFilesMode.BIND;
  }
}
