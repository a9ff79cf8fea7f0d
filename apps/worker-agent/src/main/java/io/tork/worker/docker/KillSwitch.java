package io.tork.worker.docker;

import com.github.dockerjava.api.DockerClient;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Kills whichever container a task runs right now. Wired once per task to {@code
 * Execution.onCancel}, so a cancel reaches the running container without waiting for the runner
 * thread's next poll.
 */
final class KillSwitch {
  private final DockerClient docker;
  private final AtomicReference<String> armed = new AtomicReference<>("");

  KillSwitch(DockerClient docker) {
    this.docker = docker;
  }

  void arm(String containerId) {
    armed.set(containerId);
  }

  void disarm() {
    armed.set("");
  }

  /** Kills the armed container, if any. Runs on the thread that cancels. */
  void fire() {
    String id = armed.get();
    if (!id.isEmpty()) {
      kill(docker, id);
    }
  }

  static void kill(DockerClient docker, String containerId) {
    Cleanup.quietly(
        "kill container", containerId, () -> docker.killContainerCmd(containerId).exec());
  }
}
