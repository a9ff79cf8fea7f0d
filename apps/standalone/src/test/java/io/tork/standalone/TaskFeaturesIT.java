package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tork.worker.core.Runtimes;
import io.tork.worker.docker.DockerRuntime;
import io.tork.worker.kafka.WorkerApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** The seed's task features through the REST API, against the real engine and Docker. */
class TaskFeaturesIT {
  @RegisterExtension
  static final StandaloneEngine engine =
      StandaloneEngine.docker().queue("transcoding", 3).checkNoContainersLeft();

  static final TorkApi api = engine.api();

  @Test
  void aFailingTaskIsRetriedAndEveryAttemptIsVisible() {
    String id =
        api.submitYaml(
            """
        name: retries
        tasks:
        - name: always fails
          image: ubuntu:mantic
          retry:
            limit: 2
          run: exit 7
        """);
    JsonNode job = api.awaitEnd(id, Duration.ofSeconds(60));
    assertThat(job.path("state").asString()).isEqualTo("FAILED");
    JsonNode execution = job.path("execution");
    assertThat(execution).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(execution.get(i).path("attempt").asInt()).isEqualTo(i + 1);
      assertThat(execution.get(i).path("state").asString()).isEqualTo("FAILED");
      assertThat(execution.get(i).path("error").asString()).startsWith("exit code 7");
    }
  }

  @Test
  void aTimeoutKillsTheTaskOnEveryAttempt() {
    long begin = System.nanoTime();
    String id =
        api.submitYaml(
            """
        name: timeouts
        tasks:
        - name: too slow
          image: ubuntu:mantic
          timeout: 2s
          retry: {limit: 1}
          run: sleep 30
        """);
    JsonNode job = api.awaitEnd(id, Duration.ofSeconds(30));
    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(20));
    assertThat(job.path("state").asString()).isEqualTo("FAILED");
    assertThat(job.path("execution")).hasSize(2);
    job.path("execution")
        .forEach(t -> assertThat(t.path("error").asString()).isEqualTo("task timed out after 2s"));
    await().atMost(Duration.ofSeconds(5)).until(() -> DockerCheck.jobContainers(id).isEmpty());
  }

  @Test
  void secretsReachTheContainerButNeverTheApi() {
    String secret = "s3cr3t-" + System.nanoTime();
    TorkApi.Response posted =
        api.post(
            "/jobs",
            "text/yaml",
            """
        name: secrets
        tasks:
        - name: uses a secret
          image: ubuntu:mantic
          env:
            DB_PASSWORD: %s
          run: |
            echo "password is $DB_PASSWORD"
            echo -n "got $DB_PASSWORD" > $TORK_OUTPUT
        - name: leaks it in an error
          image: ubuntu:mantic
          env:
            API_SECRET: %s
          run: |
            echo "secret: $API_SECRET"
            exit 1
        """
                .formatted(secret, secret));
    assertThat(posted.status()).isEqualTo(200);
    assertThat(posted.body().toString()).doesNotContain(secret).contains("[REDACTED]");
    String id = posted.body().path("id").asString();
    JsonNode job = api.awaitEnd(id, Duration.ofSeconds(30));
    String body = job.toString();
    assertThat(body).doesNotContain(secret);
    JsonNode execution = job.path("execution");
    assertThat(execution.get(0).path("result").asString()).isEqualTo("got [REDACTED]");
    assertThat(execution.get(0).path("env").path("DB_PASSWORD").asString()).isEqualTo("[REDACTED]");
    assertThat(execution.get(1).path("error").asString()).contains("secret: [REDACTED]");
    assertThat(job.path("error").asString()).contains("[REDACTED]");
  }

  @Test
  void aQueueRunsAtMostItsConcurrencyAtOnce() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ids.add(
          api.submitYaml(
              """
          name: transcode %d
          tasks:
          - name: transcode
            queue: transcoding
            image: ubuntu:mantic
            run: sleep 1
          """
                  .formatted(i)));
    }
    AtomicInteger peak = new AtomicInteger();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              peak.accumulateAndGet(DockerCheck.runningContainersOf(ids), Math::max);
              return ids.stream().allMatch(id -> api.state(id).equals("COMPLETED"));
            });
    assertThat(peak.get())
        .as("peak of concurrently running transcoding containers")
        .isBetween(1, 3);
    ids.forEach(
        id ->
            assertThat(api.job(id).path("execution").get(0).path("queue").asString())
                .isEqualTo("transcoding"));
  }

  @Test
  void aTaskForAQueueNobodyServesWaitsForAWorker() throws Exception {
    String id =
        api.submitYaml(
            """
        name: late queue
        tasks:
        - name: waits
          queue: late
          image: ubuntu:mantic
          run: echo -n ran > $TORK_OUTPUT
        """);
    await().atMost(Duration.ofSeconds(10)).until(() -> api.state(id), "SCHEDULED"::equals);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(3))
        .until(() -> api.state(id), "SCHEDULED"::equals);
    String nodeId = WorkerApp.newNodeId();
    try (DockerRuntime runtime = DockerRuntime.connect(Runtimes.Options.builder(nodeId).build());
        WorkerApp late = new WorkerApp(engine.worker(nodeId, Map.of("late", 1), "", ""), runtime)) {
      late.start();
      JsonNode job = api.awaitEnd(id, Duration.ofSeconds(30));
      assertThat(job.path("state").asString()).isEqualTo("COMPLETED");
      assertThat(job.path("execution").get(0).path("nodeId").asString()).isEqualTo(nodeId);
      assertThat(job.path("execution").get(0).path("result").asString()).isEqualTo("ran");
    }
  }

  @Test
  void aTaskOverItsMemoryLimitFails() {
    String id =
        api.submitYaml(
            """
        name: memory
        tasks:
        - name: greedy
          image: ubuntu:mantic
          limits:
            memory: 10m
          run: |
            head -c 67108864 /dev/zero | tail
        """);
    JsonNode job = api.awaitEnd(id, Duration.ofSeconds(30));
    assertThat(job.path("state").asString()).isEqualTo("FAILED");
    assertThat(job.path("execution").get(0).path("error").asString()).startsWith("exit code 137");
  }

  @Test
  void workerDefaultLimitsApplyToTasksWithoutLimitsAndDockerEnforcesThem() throws Exception {
    String nodeId = WorkerApp.newNodeId();
    try (DockerRuntime runtime =
            DockerRuntime.connect(
                Runtimes.Options.builder(nodeId).defaultLimits("0.5", "10m").build());
        WorkerApp limited =
            new WorkerApp(engine.worker(nodeId, Map.of("limited", 2), "0.5", "10m"), runtime)) {
      limited.start();
      String sleeper =
          api.submitYaml(
              """
          name: inspect limits
          tasks:
          - name: sleeps
            queue: limited
            image: ubuntu:mantic
            run: sleep 3
          """);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> DockerCheck.runningJobContainers(sleeper) == 1);
      String container = DockerCheck.jobContainers(sleeper).getFirst();
      String limits =
          DockerCheck.run(
                  List.of(
                      "docker",
                      "inspect",
                      "--format",
                      "{{.HostConfig.NanoCpus}} {{.HostConfig.Memory}}",
                      container))
              .output()
              .strip();
      assertThat(limits).isEqualTo("500000000 10485760");
      assertThat(api.awaitEnd(sleeper, Duration.ofSeconds(30)).path("state").asString())
          .isEqualTo("COMPLETED");

      String greedy =
          api.submitYaml(
              """
          name: greedy by default
          tasks:
          - name: greedy
            queue: limited
            image: ubuntu:mantic
            run: head -c 67108864 /dev/zero | tail
          """);
      JsonNode job = api.awaitEnd(greedy, Duration.ofSeconds(30));
      assertThat(job.path("state").asString()).isEqualTo("FAILED");
      assertThat(job.path("execution").get(0).path("error").asString()).startsWith("exit code 137");
    }
  }

  @Test
  void invalidLimitsAndDurationsAreRefused() {
    TorkApi.Response cpus =
        api.post(
            "/jobs",
            "text/yaml",
            "name: j\ntasks:\n- name: t\n  image: i\n  limits: {cpus: lots}\n");
    assertThat(cpus.status()).isEqualTo(400);
    assertThat(cpus.body().path("message").asString()).contains("tasks[0].limits.cpus");
    TorkApi.Response timeout =
        api.post("/jobs", "text/yaml", "name: j\ntasks:\n- name: t\n  image: i\n  timeout: soon\n");
    assertThat(timeout.status()).isEqualTo(400);
    assertThat(timeout.body().path("message").asString()).contains("tasks[0].timeout");
  }
}
