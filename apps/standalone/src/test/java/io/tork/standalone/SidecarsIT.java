package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Sidecars with probes and GPU requests through the REST API, against the real broker and Docker:
 * whatever way the task ends, neither a container nor the task's network is left.
 */
class SidecarsIT {
  @RegisterExtension
  static final StandaloneEngine engine = StandaloneEngine.docker().checkNoContainersLeft();

  static final TorkApi api = engine.api();

  @Test
  void theTaskFetchesWhatItsProbedSidecarServesByItsAlias() {
    String id =
        api.submitYaml(
            """
            name: sidecar
            tasks:
            - name: fetch
              image: alpine:3.18.3
              run: wget -q -O $TORK_OUTPUT http://web-server:8080/greeting.txt
              sidecars:
              - name: web server
                image: tork-test/busybox
                files:
                  greeting.txt: hello from the sidecar
                run: |
                  echo serving $(ls)
                  exec httpd -f -p 8080 -h .
                probe:
                  path: /greeting.txt
                  port: 8080
                  timeout: 30s
            """);
    JsonNode job = api.awaitEnd(id, Duration.ofSeconds(60));
    assertThat(job.path("state").asString()).as("%s", job).isEqualTo("COMPLETED");
    assertThat(job.path("execution").get(0).path("result").asString())
        .isEqualTo("hello from the sidecar");
    String taskId = job.path("execution").get(0).path("id").asString();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(api.get("/tasks/" + taskId + "/log").body().toString())
                    .contains("[sidecar web-server] serving greeting.txt"));
    assertNothingLeft(id);
  }

  @Test
  void aProbeThatNeverAnswersFailsTheTaskNamingTheSidecar() {
    String id =
        api.submitYaml(
            """
            name: never ready
            tasks:
            - name: needs a database
              image: alpine:3.18.3
              run: echo never runs
              sidecars:
              - name: db
                image: tork-test/busybox
                run: sleep 60
                probe: {port: 5432, timeout: 2s}
            """);
    JsonNode job = api.awaitEnd(id, Duration.ofSeconds(60));
    assertThat(job.path("state").asString()).isEqualTo("FAILED");
    assertThat(job.path("error").asString())
        .startsWith(
            "sidecar 'db' was not ready: its probe GET http://db:5432/ did not answer HTTP 200"
                + " within 2s");
    assertNothingLeft(id);
  }

  @Test
  void aCancelWhileAProbeIsAwaitedRemovesTheSidecarAndTheNetwork() {
    String id =
        api.submitYaml(
            """
            name: cancelled
            tasks:
            - name: waits
              image: alpine:3.18.3
              run: echo never runs
              sidecars:
              - name: slow
                image: tork-test/busybox
                run: sleep 120
                probe: {port: 80, timeout: 2m}
            """);
    await().atMost(Duration.ofSeconds(30)).until(() -> DockerCheck.runningJobContainers(id) == 1);
    assertThat(DockerCheck.jobNetworks(id)).hasSize(1);
    assertThat(api.put("/jobs/" + id + "/cancel").status()).isEqualTo(200);
    assertThat(api.awaitEnd(id, Duration.ofSeconds(30)).path("state").asString())
        .isEqualTo("CANCELLED");
    assertNothingLeft(id);
  }

  @Test
  void gpusWithoutAGpuRuntimeFailTheTaskNamingGpus() {
    String id =
        api.submitYaml(
            """
            name: gpus
            tasks:
            - name: train
              image: alpine:3.18.3
              gpus: all
              run: echo training
            """);
    JsonNode job = api.awaitEnd(id, Duration.ofSeconds(60));
    assertThat(job.path("state").asString()).isEqualTo("FAILED");
    assertThat(job.path("error").asString())
        .startsWith("gpus: cannot start the container with GPUs ('all'): ");
    assertNothingLeft(id);
  }

  @Test
  void badSidecarsAndGpusAreRefusedNamingTheField() {
    TorkApi.Response response =
        api.post(
            "/jobs",
            "text/yaml",
            """
            name: bad
            tasks:
            - name: t
              image: alpine:3.18.3
              gpus: count=lots
              sidecars:
              - {name: web server, image: tork-test/busybox, probe: {port: 0}}
              - {name: Web-Server, image: tork-test/busybox}
            """);
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body().toString())
        .contains("tasks[0].sidecars[0].probe.port: must be between 1 and 65535")
        .contains("tasks[0].sidecars[1].name: 'Web-Server' makes the same host name 'web-server'")
        .contains("tasks[0].gpus: 'count=lots' count must be 'all' or a number");
  }

  private static void assertNothingLeft(String jobId) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(DockerCheck.jobContainers(jobId)).as("containers").isEmpty();
              assertThat(DockerCheck.jobNetworks(jobId)).as("networks").isEmpty();
            });
  }
}
