package io.tork.worker.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskFilesModeTest {
  @Test
  void anExplicitModeStays() {
    assertThat(TaskFilesMode.BIND.resolve("tcp://elsewhere:2375")).isEqualTo(TaskFilesMode.BIND);
    assertThat(TaskFilesMode.COPY.resolve("unix:///var/run/docker.sock"))
        .isEqualTo(TaskFilesMode.COPY);
  }

  @Test
  void autoCopiesToAnEngineOnAnotherHost() {
    // Its binds would name that host's paths, not this one's.
    assertThat(TaskFilesMode.AUTO.resolve("tcp://elsewhere:2375")).isEqualTo(TaskFilesMode.COPY);
  }
}
