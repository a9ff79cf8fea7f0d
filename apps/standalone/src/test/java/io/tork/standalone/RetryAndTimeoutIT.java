package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tork.worker.core.MountPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Retry backoff and a job's timeout, through the REST API, against the engine and Docker. */
class RetryAndTimeoutIT {
  @TempDir static Path bindRoot;

  @RegisterExtension
  static final StandaloneEngine engine =
      StandaloneEngine.docker()
          .mounts(() -> new MountPolicy(true, List.of(bindRoot.toString())))
          .checkNoContainersLeft();

  static final TorkApi api = engine.api();

  private static Instant at(JsonNode task, String field) {
    return Instant.parse(task.path(field).asString());
  }

  @Test
  void aTaskFailingTwiceRunsAgainAfterEachDelayThenSucceeds() throws Exception {
    Path counter = Files.createDirectories(bindRoot.resolve("counter"));
    String id =
        api.submitYaml(
            """
            name: fails twice
            tasks:
            - name: flaky
              image: ubuntu:mantic
              mounts: [{type: bind, source: %s, target: /count}]
              retry: {limit: 3, initialDelay: 1s, scalingFactor: 2}
              run: |
                n=$(( $(cat /count/n 2>/dev/null || echo 0) + 1 ))
                echo $n > /count/n
                [ $n -ge 3 ] || exit 1
                echo -n "attempt $n" > $TORK_OUTPUT
            """
                .formatted(counter));
    JsonNode job = api.awaitEnd(id);
    assertThat(job.path("state").asString()).as("%s", job).isEqualTo("COMPLETED");
    JsonNode runs = job.path("execution");
    assertThat(runs).hasSize(3);
    assertThat(runs.get(2).path("result").asString()).isEqualTo("attempt 3");
    // attempt n+1 starts initialDelay * 2^(n-1) after attempt n failed: 1s, then 2s
    for (int n = 1; n <= 2; n++) {
      JsonNode failed = runs.get(n - 1);
      JsonNode next = runs.get(n);
      Duration delay = Duration.ofSeconds(1L << (n - 1));
      assertThat(failed.path("state").asString()).isEqualTo("FAILED");
      assertThat(at(next, "dueAt")).isAfterOrEqualTo(at(failed, "failedAt").plus(delay));
      Duration gap = Duration.between(at(failed, "failedAt"), at(next, "startedAt"));
      assertThat(gap).as("gap before attempt %d", n + 1).isGreaterThanOrEqualTo(delay);
      assertThat(gap).isLessThan(delay.plusSeconds(10));
    }
  }

  @Test
  void aWaitingRetryIsVisibleAndACancelDuringTheWaitEndsTheJobAtOnce() {
    String id =
        api.submitYaml(
            """
            name: waits long
            tasks:
            - name: fails
              image: ubuntu:mantic
              retry: {limit: 2, initialDelay: 5m}
              run: exit 1
            """);
    // the first attempt's container starting and failing, on a loaded machine
    await().atMost(Duration.ofSeconds(90)).until(() -> api.job(id).path("execution").size() == 2);
    JsonNode waiting = api.job(id).path("execution").get(1);
    assertThat(waiting.path("state").asString()).isEqualTo("PENDING");
    assertThat(at(waiting, "dueAt")).isAfter(Instant.now().plusSeconds(240));
    String taskId = waiting.path("id").asString();
    assertThat(api.get("/tasks/" + taskId).body().path("dueAt").asString())
        .isEqualTo(waiting.path("dueAt").asString());

    assertThat(api.put("/jobs/" + id + "/cancel").status()).isEqualTo(200);
    api.awaitState(id, "CANCELLED", Duration.ofSeconds(5));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> api.job(id).path("execution").get(1).path("state").asString(),
            "CANCELLED"::equals);
  }

  @Test
  void aJobPastItsTimeoutFailsAndItsRunningContainerIsStoppedAndRemoved() {
    String id =
        api.submitYaml(
            """
            name: too long
            timeout: 15s
            tasks:
            - name: sleep
              image: ubuntu:mantic
              run: sleep 60
            - name: never
              image: ubuntu:mantic
              run: echo never
            """);
    // the `sleep 60` container runs (its start may take seconds on a loaded machine)
    await().atMost(Duration.ofSeconds(15)).until(() -> !DockerCheck.jobContainers(id).isEmpty());
    JsonNode job = api.awaitEnd(id, Duration.ofSeconds(60));
    assertThat(job.path("state").asString()).as("%s", job).isEqualTo("FAILED");
    assertThat(job.path("error").asString()).isEqualTo("job timed out after 15s");
    assertThat(Duration.between(at(job, "createdAt"), at(job, "failedAt")))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(15))
        .isLessThan(Duration.ofSeconds(45));
    await().atMost(Duration.ofSeconds(15)).until(() -> DockerCheck.jobContainers(id).isEmpty());
    assertThat(job.path("execution")).hasSize(1);
    assertThat(job.path("execution").get(0).path("state").asString()).isEqualTo("CANCELLED");
  }

  @Test
  void aSubJobHasItsOwnTimeoutAndItsParentFailsWithIt() {
    String id =
        api.submitYaml(
            """
            name: parent
            timeout: 5m
            tasks:
            - name: child
              subjob:
                name: slow child
                timeout: 3s
                tasks:
                - name: sleep
                  image: ubuntu:mantic
                  run: sleep 60
            """);
    JsonNode job = api.awaitEnd(id, Duration.ofSeconds(40));
    assertThat(job.path("state").asString()).as("%s", job).isEqualTo("FAILED");
    assertThat(job.path("error").asString()).isEqualTo("job timed out after 3s");
    String childId = job.path("execution").get(0).path("subJobId").asString();
    assertThat(api.job(childId).path("error").asString()).isEqualTo("job timed out after 3s");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> DockerCheck.jobContainers(childId).isEmpty());
  }
}
