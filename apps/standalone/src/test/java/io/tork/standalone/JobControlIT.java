package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tork.model.JobIds;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** Cancel and restart through the REST API, against the real engine and Docker. */
class JobControlIT {
  @RegisterExtension static final StandaloneEngine engine = StandaloneEngine.docker();
  static final TorkApi api = engine.api();

  private static void awaitState(String id, String state) {
    api.awaitState(id, state, Duration.ofSeconds(30));
  }

  @Test
  void cancelStopsTheRunningContainerAndNoFurtherTaskStarts() {
    String id =
        api.submitYaml(
            """
        name: long job
        tasks:
        - name: sleep
          image: ubuntu:mantic
          run: sleep 60
        - name: never
          image: ubuntu:mantic
          run: echo never
        """);
    awaitState(id, "RUNNING");
    await().atMost(Duration.ofSeconds(10)).until(() -> !DockerCheck.jobContainers(id).isEmpty());

    TorkApi.Response response = api.put("/job/" + id + "/cancel");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body().path("status").asString()).isEqualTo("OK");
    long cancelled = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> DockerCheck.jobContainers(id).isEmpty());
    assertThat(Duration.ofNanos(System.nanoTime() - cancelled)).isLessThan(Duration.ofSeconds(5));
    awaitState(id, "CANCELLED");
    JsonNode job = api.job(id);
    assertThat(job.path("execution")).hasSize(1);
    assertThat(job.path("execution").get(0).path("state").asString()).isEqualTo("CANCELLED");

    TorkApi.Response again = api.put("/jobs/" + id + "/cancel");
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.body().path("message").asString()).isEqualTo("job is not running");
  }

  @Test
  void restartResumesAFailedJobFromTheTaskThatFailed() {
    String id =
        api.submitYaml(
            """
        name: fails once
        inputs:
          marker: /tmp/never-there
        tasks:
        - name: first
          image: ubuntu:mantic
          run: echo -n one > $TORK_OUTPUT
        - name: second
          image: ubuntu:mantic
          run: exit 1
        """);
    awaitState(id, "FAILED");
    TorkApi.Response restarted = api.put("/jobs/" + id + "/restart");
    assertThat(restarted.status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(30)).until(() -> api.job(id).path("execution").size() == 3);
    awaitState(id, "FAILED");
    JsonNode execution = api.job(id).path("execution");
    assertThat(execution.get(0).path("name").asString()).isEqualTo("first");
    assertThat(execution.get(1).path("name").asString()).isEqualTo("second");
    assertThat(execution.get(2).path("name").asString())
        .as("resumes at the failed task, first is not re-run")
        .isEqualTo("second");
  }

  @Test
  void restartOfACompletedJobIsRefused() {
    String id =
        api.submitYaml("name: quick\ntasks:\n- name: t\n  image: ubuntu:mantic\n  run: 'true'\n");
    awaitState(id, "COMPLETED");
    TorkApi.Response response = api.put("/jobs/" + id + "/restart");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body().path("message").asString())
        .isEqualTo("job is COMPLETED and can not be restarted");
  }

  @Test
  void controlOfAnUnknownJobIs404() {
    assertThat(api.put("/jobs/" + JobIds.random() + "/cancel").status()).isEqualTo(404);
    assertThat(api.put("/job/" + JobIds.random() + "/restart").status()).isEqualTo(404);
  }
}
