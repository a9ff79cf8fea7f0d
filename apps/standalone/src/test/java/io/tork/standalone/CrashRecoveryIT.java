package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Processes really die here (kill -9): a worker mid-task, the whole standalone engine mid-task.
 * Every job still completes; a lost task runs again on a live node as a new attempt.
 */
class CrashRecoveryIT {
  private static final Duration NODE_EXPIRY = Duration.ofSeconds(15);
  private static final Path LOGS = Path.of("target", "crash-logs");

  @TempDir Path dataDir;

  @BeforeAll
  static void docker() {
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    DockerCheck.requireDocker();
  }

  /** A worker process of queue {@code crash}, 2 at a time, its heartbeat every second. */
  private static ChildProcess crashQueueWorker(String name, String kafka) throws IOException {
    return ChildProcess.start(
        LOGS.resolve("worker-" + name + ".log"),
        "worker",
        "--kafka",
        kafka,
        "--queue",
        "crash:2",
        "--heartbeat-interval",
        "1s");
  }

  private static String sleeper(String queue, int i) {
    return """
    name: survive %d
    tasks:
    - name: sleep then report
      queue: %s
      image: ubuntu:mantic
      run: |
        sleep 4
        echo -n done > $TORK_OUTPUT
    """
        .formatted(i, queue);
  }

  @Test
  void aKilledWorkersTasksRunAgainOnAnotherWorker() throws Exception {
    try (Standalone engine =
        Standalone.start(StandaloneOptions.defaults(dataDir, Map.of("default", 1)))) {
      TorkApi api = new TorkApi(engine.port());
      String kafka = engine.bootstrapServers();
      ChildProcess doomed = crashQueueWorker("doomed", kafka);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        ids.add(api.submitYaml(sleeper("crash", i)));
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> ids.stream().allMatch(id -> api.state(id).equals("RUNNING")));
      String doomedNode = api.job(ids.get(0)).path("execution").get(0).path("nodeId").asString();
      doomed.kill();
      Instant killedAt = Instant.now();

      try (ChildProcess survivor = crashQueueWorker("survivor", kafka)) {
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> ids.stream().allMatch(id -> api.state(id).equals("COMPLETED")));
        for (String id : ids) {
          JsonNode execution = api.job(id).path("execution");
          assertThat(execution).hasSize(2);
          JsonNode lost = execution.get(0);
          JsonNode rerun = execution.get(1);
          assertThat(lost.path("nodeId").asString()).isEqualTo(doomedNode);
          assertThat(lost.path("state").asString()).isEqualTo("FAILED");
          assertThat(lost.path("error").asString()).contains(doomedNode + " stopped responding");
          assertThat(rerun.path("state").asString()).isEqualTo("COMPLETED");
          assertThat(rerun.path("result").asString()).isEqualTo("done");
          assertThat(rerun.path("nodeId").asString()).isNotEqualTo(doomedNode);
          assertThat(rerun.path("recoveries").asInt()).isEqualTo(1);
          Duration toRedispatch =
              Duration.between(killedAt, Instant.parse(rerun.path("createdAt").asString()));
          assertThat(toRedispatch)
              .as("kill -> re-dispatch")
              .isLessThanOrEqualTo(NODE_EXPIRY.plusSeconds(2));
        }
      } finally {
        // The dead worker's containers outlive it; nobody on its node is left to remove them.
        DockerCheck.run(
            List.of(
                "sh",
                "-c",
                "docker ps -aq --filter label=tork.node="
                    + doomedNode
                    + " | xargs -r docker rm -f"));
      }
    }
  }

  @Test
  void aKilledStandaloneEngineFinishesItsJobAfterARestart() throws Exception {
    int port = ChildProcess.freePort();
    String[] args = {
      "standalone",
      "--port",
      String.valueOf(port),
      "--data-dir",
      dataDir.toString(),
      "--kafka-port",
      "0"
    };
    TorkApi api = new TorkApi(port);
    String id;
    String firstNode;
    ChildProcess first = ChildProcess.start(LOGS.resolve("standalone-1.log"), args);
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> api.get("/health").status() == 200);
      id = api.submitYaml(sleeper("default", 0));
      await().atMost(Duration.ofSeconds(30)).until(() -> api.state(id), "RUNNING"::equals);
      firstNode = api.job(id).path("execution").get(0).path("nodeId").asString();
    } finally {
      first.kill();
    }
    try (ChildProcess second = ChildProcess.start(LOGS.resolve("standalone-2.log"), args)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(() -> api.get("/health").status() == 200);
      assertThat(
              DockerCheck.run(
                      List.of("docker", "ps", "-aq", "--filter", "label=tork.node=" + firstNode))
                  .output()
                  .strip())
          .as("the orphaned container is removed")
          .isEmpty();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> api.state(id), "COMPLETED"::equals);
      JsonNode execution = api.job(id).path("execution");
      assertThat(execution).hasSize(2);
      assertThat(execution.get(0).path("error").asString())
          .contains(firstNode + " stopped responding");
      assertThat(execution.get(1).path("result").asString()).isEqualTo("done");
    }
    assertThat(DockerCheck.jobContainers(id)).isEmpty();
  }
}
