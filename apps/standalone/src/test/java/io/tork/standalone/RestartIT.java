package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State is durable in standalone mode: a restart on the same data dir still serves old jobs. */
class RestartIT {
  @TempDir Path dataDir;

  @BeforeAll
  static void docker() {
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    DockerCheck.requireDocker();
  }

  @Test
  void completedJobsSurviveARestart() {
    String id;
    try (Standalone first =
        Standalone.start(new StandaloneOptions(0, dataDir, 0, Map.of("default", 2), "", ""))) {
      TorkApi api = new TorkApi(first.port());
      id = api.submitYaml(StandaloneIT.HELLO);
      await().atMost(Duration.ofSeconds(30)).until(() -> api.state(id), "COMPLETED"::equals);
    }
    try (Standalone second =
        Standalone.start(new StandaloneOptions(0, dataDir, 0, Map.of("default", 2), "", ""))) {
      TorkApi api = new TorkApi(second.port());
      var job = api.job(id);
      assertThat(job.path("state").asString()).isEqualTo("COMPLETED");
      assertThat(job.path("execution")).hasSize(2);
      // The engine still runs new jobs after the restart.
      String next = api.submitYaml(StandaloneIT.HELLO);
      await().atMost(Duration.ofSeconds(30)).until(() -> api.state(next), "COMPLETED"::equals);
    }
    assertThat(DockerCheck.engineContainers()).isEmpty();
  }
}
