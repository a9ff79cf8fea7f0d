package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each app module's own jar runs the engine part on its own ({@code java -jar
 * tork-scheduler-stream.jar}, {@code tork-worker-agent.jar}, {@code tork-api-gateway.jar}): the
 * three together, on one broker, run a job to completion. The Dockerfiles start these jars.
 */
class RunnableJarsIT {
  private static final Path DIR = Path.of("target", "runnable-jars").toAbsolutePath();

  private static Path jar(String app) {
    Path jar = Path.of("..", app, "target", "tork-" + app + ".jar").toAbsolutePath().normalize();
    assertThat(jar).as("built by mvn package").exists();
    return jar;
  }

  @Test
  void theThreeAppJarsRunAJobTogether() throws Exception {
    DockerCheck.requireDocker();
    Cluster cluster = Cluster.start(DIR, 1, Duration.ofSeconds(5), Duration.ofSeconds(15));
    String kafka = cluster.kafka();
    int port = ChildProcess.freePort();
    List<ChildProcess> processes = new ArrayList<>();
    try {
      processes.add(
          ChildProcess.startJar(
              DIR.resolve("scheduler.log"),
              jar("scheduler-stream"),
              "--kafka",
              kafka,
              "--state-dir",
              DIR.resolve("state").toString()));
      processes.add(
          ChildProcess.startJar(
              DIR.resolve("worker.log"),
              jar("worker-agent"),
              "--kafka",
              kafka,
              "--queue",
              "default:2"));
      processes.add(
          ChildProcess.startJar(
              DIR.resolve("gateway.log"),
              jar("api-gateway"),
              "--kafka",
              kafka,
              "--port",
              String.valueOf(port),
              "--state-dir",
              DIR.resolve("gateway").toString()));
      TorkApi api = new TorkApi(port);
      await()
          .atMost(Duration.ofSeconds(120))
          .ignoreExceptions()
          .until(() -> api.get("/health").status() == 200);
      String id =
          api.submitYaml(
              """
              name: from the app jars
              tasks:
              - name: hello
                image: ubuntu:mantic
                run: echo -n jars > $TORK_OUTPUT
              """);
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> api.state(id), "COMPLETED"::equals);
      assertThat(api.job(id).path("execution").get(0).path("result").asString()).isEqualTo("jars");
      assertThat(processes.get(1).output()).contains("worker started");
    } finally {
      for (ChildProcess process : processes) {
        process.close();
      }
      cluster.close();
    }
  }
}
