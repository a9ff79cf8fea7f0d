package io.tork.worker.docker;

import io.tork.worker.core.TaskFilesMode;

/** The contract with {@code /tork} copied in and out through Docker's archive API. */
class DockerRuntimeCopyContractTest extends DockerRuntimeContract {
  @Override
  TaskFilesMode mode() {
    return TaskFilesMode.COPY;
  }
}
