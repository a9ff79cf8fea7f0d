package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tork.worker.core.MountPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Job-level features (defaults, output, tags, secrets, wait) and the container fields (files,
 * workdir, cmd, entrypoint, mounts, networks) through the REST API, against the real engine and
 * Docker. Bind mounts are allowed under one directory only.
 */
class JobFeaturesIT {
  @TempDir static Path bindRoot;

  @RegisterExtension
  static final StandaloneEngine engine =
      StandaloneEngine.docker()
          .queues(Map.of("default", 4, "fast", 1))
          .mounts(() -> new MountPolicy(true, List.of(bindRoot.toString())))
          .checkNoContainersLeft();

  static final TorkApi api = engine.api();

  private static JsonNode run(String yaml) {
    return api.awaitEnd(api.submitYaml(yaml));
  }

  private static String result(JsonNode job, int index) {
    return job.path("execution").get(index).path("result").asString();
  }

  @Test
  void defaultsOutputTagsAndSecrets() {
    JsonNode job =
        run(
            """
        name: job features
        description: defaults and such
        tags: [nightly, billing]
        secrets: {apiKey: k-123456789}
        defaults:
          queue: fast
          timeout: 20s
          retry: {limit: 1}
          limits: {memory: 64m}
        tasks:
        - name: uses defaults
          image: ubuntu:mantic
          var: got
          env: {KEY: "{{ secrets.apiKey }}"}
          run: echo -n "key $KEY" > $TORK_OUTPUT
        output: "result: {{ tasks.got }}"
        """);
    assertThat(job.path("state").asString()).as("%s", job).isEqualTo("COMPLETED");
    JsonNode task = job.path("execution").get(0);
    assertThat(task.path("queue").asString()).isEqualTo("fast");
    assertThat(task.path("timeout").asString()).isEqualTo("20s");
    assertThat(task.path("retry").path("limit").asInt()).isEqualTo(1);
    assertThat(task.path("limits").path("memory").asString()).isEqualTo("64m");
    assertThat(job.path("tags").toString()).isEqualTo("[\"nightly\",\"billing\"]");
    assertThat(job.path("description").asString()).isEqualTo("defaults and such");
    // the secret reached the container, but no answer shows it
    assertThat(job.path("result").asString()).isEqualTo("result: key [REDACTED]");
    assertThat(job.toString()).doesNotContain("k-123456789");
    assertThat(job.path("secrets").path("apiKey").asString()).isEqualTo("[REDACTED]");
  }

  @Test
  void anOutputThatCannotBeEvaluatedFailsTheJob() {
    JsonNode job =
        run(
            """
        name: bad output
        tasks: [{name: t, image: ubuntu:mantic, run: "true"}]
        output: "{{ nope.nothing }}"
        """);
    assertThat(job.path("state").asString()).isEqualTo("FAILED");
    assertThat(job.path("error").asString()).startsWith("output: ");
  }

  @Test
  void waitAnswersWithTheEndedJobOr408() {
    TorkApi.Response done =
        api.post(
            "/jobs",
            "text/yaml",
            """
        name: wait for me
        wait: {timeout: 30s}
        tasks:
        - {name: t, image: ubuntu:mantic, run: "echo -n waited > $TORK_OUTPUT"}
        """);
    assertThat(done.status()).isEqualTo(200);
    assertThat(done.body().path("state").asString()).isEqualTo("COMPLETED");
    assertThat(done.body().path("execution").get(0).path("result").asString()).isEqualTo("waited");

    TorkApi.Response late =
        api.post(
            "/jobs",
            "text/yaml",
            """
        name: too slow to wait for
        wait: {timeout: 1s}
        tasks: [{name: t, image: ubuntu:mantic, run: sleep 5}]
        """);
    assertThat(late.status()).isEqualTo(408);
    assertThat(late.body().path("message").asString())
        .isEqualTo("timeout waiting for job to complete");

    TorkApi.Response bad =
        api.post(
            "/jobs",
            "text/yaml",
            """
        name: bad wait
        wait: {timeout: soon}
        tasks: [{name: t, image: ubuntu:mantic}]
        """);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().path("message").asString()).contains("wait.timeout");
  }

  @Test
  void aWaitEndsWhenTheJobIsCancelled() throws Exception {
    var waiting =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () ->
                api.post(
                    "/jobs",
                    "text/yaml",
                    """
        name: cancelled while waited for
        wait: {timeout: 25s}
        tasks: [{name: long, image: ubuntu:mantic, run: sleep 60}]
        """));
    String id =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> {
                  JsonNode list = api.get("/jobs?q=cancelled%20while").body();
                  return list.path("items").isEmpty()
                      ? ""
                      : list.path("items").get(0).path("id").asString();
                },
                s -> !s.isEmpty());
    await().atMost(Duration.ofSeconds(20)).until(() -> DockerCheck.runningJobContainers(id) == 1);
    assertThat(api.put("/jobs/" + id + "/cancel").status()).isEqualTo(200);
    TorkApi.Response response = waiting.get(20, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body().path("state").asString()).isEqualTo("CANCELLED");
  }

  @Test
  void filesAreWrittenIntoTheWorkdirAndCmdAndEntrypointReplaceTheDefaults() {
    JsonNode job =
        run(
            """
        name: files
        tasks:
        - name: default workdir
          image: ubuntu:mantic
          files:
            greeting.txt: hello from a file
          run: echo -n "$(pwd) $(cat greeting.txt)" > $TORK_OUTPUT
        - name: own workdir
          image: ubuntu:mantic
          workdir: /app/src
          files: {a.txt: A}
          run: echo -n "$(pwd):$(cat /app/src/a.txt)" > $TORK_OUTPUT
        - name: cmd only
          image: ubuntu:mantic
          cmd: ["sh", "-c", "echo -n from cmd > $TORK_OUTPUT"]
        - name: entrypoint
          image: ubuntu:mantic
          entrypoint: ["sh", "-c"]
          cmd: ["echo -n via entrypoint {{ job.name }} > $TORK_OUTPUT"]
        """);
    assertThat(job.path("state").asString()).as("%s", job).isEqualTo("COMPLETED");
    assertThat(result(job, 0)).isEqualTo("/tork/workdir hello from a file");
    assertThat(result(job, 1)).isEqualTo("/app/src:A");
    assertThat(result(job, 2)).isEqualTo("from cmd");
    assertThat(result(job, 3)).isEqualTo("via entrypoint files");
  }

  @Test
  void volumeTmpfsAndAllowedBindMounts() throws Exception {
    // A missing bind source is refused, never created (docs/security.md).
    Path shared = Files.createDirectories(bindRoot.resolve("shared"));
    JsonNode job =
        run(
            """
        name: mounts
        tasks:
        - name: mounted
          image: ubuntu:mantic
          mounts:
          - {type: volume, target: /data}
          - {type: tmpfs, target: /scratch}
          - {type: bind, source: %s, target: /host}
          pre:
          - name: fill
            image: ubuntu:mantic
            run: echo -n from pre > /data/file
          run: |
            grep -q ' /scratch tmpfs ' /proc/mounts && echo -n "$(cat /data/file) tmpfs" > $TORK_OUTPUT
            echo -n written by the task > /host/out.txt
        """
                .formatted(shared));
    assertThat(job.path("state").asString()).as("%s", job).isEqualTo("COMPLETED");
    assertThat(result(job, 0)).isEqualTo("from pre tmpfs");
    assertThat(Files.readString(shared.resolve("out.txt"))).isEqualTo("written by the task");
  }

  @Test
  void aBindMountOutsideTheAllowedSourcesFailsTheTask() {
    JsonNode job =
        run(
            """
        name: bind refused
        tasks:
        - name: wants /etc
          image: ubuntu:mantic
          mounts: [{type: bind, source: /etc, target: /host-etc}]
          run: cat /host-etc/hostname
        """);
    assertThat(job.path("state").asString()).isEqualTo("FAILED");
    assertThat(job.path("error").asString())
        .isEqualTo("mounts[0]: bind source '/etc' is not in this worker's allowed sources");
  }

  @Test
  void aTaskJoinsTheNetworksItNames() {
    String one = "tork-it-a-" + System.nanoTime();
    String two = "tork-it-b-" + System.nanoTime();
    DockerCheck.run(List.of("docker", "network", "create", one));
    DockerCheck.run(List.of("docker", "network", "create", two));
    try {
      JsonNode job =
          run(
              """
          name: networks
          tasks:
          - name: two networks
            image: ubuntu:mantic
            networks: [%s, %s]
            run: echo -n "$(grep -c eth /proc/net/dev)" > $TORK_OUTPUT
          """
                  .formatted(one, two));
      assertThat(job.path("state").asString()).as("%s", job).isEqualTo("COMPLETED");
      assertThat(result(job, 0)).isEqualTo("2");
    } finally {
      DockerCheck.run(List.of("docker", "network", "rm", one));
      DockerCheck.run(List.of("docker", "network", "rm", two));
    }
  }

  @Test
  void theListingIsNewestFirstAndSearchable() {
    String first =
        run("""
        name: listed alpha
        tags: [listing-it, red]
        tasks: [{name: t, image: ubuntu:mantic, run: "true"}]
        """)
            .path("id")
            .asString();
    String second =
        run("""
        name: listed beta
        description: the second one
        tags: [listing-it]
        tasks: [{name: t, image: ubuntu:mantic, run: exit 1}]
        """)
            .path("id")
            .asString();
    JsonNode tagged = api.get("/jobs?q=tag:listing-it&size=5").body();
    assertThat(tagged.path("totalItems").asInt()).isEqualTo(2);
    assertThat(tagged.path("items").get(0).path("id").asString()).isEqualTo(second);
    assertThat(tagged.path("items").get(1).path("id").asString()).isEqualTo(first);
    assertThat(tagged.path("items").get(1).path("tags").toString())
        .isEqualTo("[\"listing-it\",\"red\"]");
    JsonNode words = api.get("/jobs?q=second%20failed").body();
    assertThat(words.path("items")).hasSize(1);
    assertThat(words.path("items").get(0).path("id").asString()).isEqualTo(second);
    JsonNode page = api.get("/jobs?page=1&size=1").body();
    assertThat(page.path("size").asInt()).isEqualTo(1);
    assertThat(page.path("totalPages").asInt()).isEqualTo(page.path("totalItems").asInt());
    TorkApi.Response bad = api.get("/jobs?page=zero");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().path("message").asString())
        .isEqualTo("page: 'zero' is not a whole number");
    assertThat(api.get("/jobs?size=21").status()).isEqualTo(400);
  }

  @Test
  void aCompletedJobWithAutoDeleteIsRemovedWithItsTasksAndLogs() {
    JsonNode job =
        run(
            """
        name: short lived
        autoDelete: {after: 2s}
        tasks: [{name: t, image: ubuntu:mantic, run: "echo bye"}]
        """);
    assertThat(job.path("state").asString()).isEqualTo("COMPLETED");
    assertThat(job.path("deleteAt").asString()).isNotEmpty();
    String id = job.path("id").asString();
    String taskId = job.path("execution").get(0).path("id").asString();
    await().atMost(Duration.ofSeconds(15)).until(() -> api.get("/jobs/" + id).status() == 404);
    assertThat(api.get("/tasks/" + taskId).status()).isEqualTo(404);
    assertThat(api.get("/tasks/" + taskId + "/log").status()).isEqualTo(404);
    assertThat(api.get("/jobs?q=short%20lived").body().path("totalItems").asInt()).isZero();

    JsonNode failed =
        run(
            """
        name: failed jobs stay
        autoDelete: {after: 1s}
        tasks: [{name: t, image: ubuntu:mantic, run: exit 1}]
        """);
    assertThat(failed.path("deleteAt").isMissingNode()).isTrue();
  }

  @Test
  void higherPriorityTasksAreTakenFirstWhenTheyCompete() {
    // One slot on queue fast: a blocker holds it while both kinds wait. (Priority 3 against 9:
    // their bands' topics would otherwise come in that order by name.)
    String blocker =
        api.submitYaml(
            "name: blocker\ntasks: [{name: b, image: ubuntu:mantic, queue: fast, run: sleep 4}]\n");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> DockerCheck.runningJobContainers(blocker) == 1);
    List<String> low = new java.util.ArrayList<>();
    List<String> high = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      low.add(
          api.submitYaml(
              "name: low\ntasks: [{name: l, image: ubuntu:mantic, queue: fast, priority: 3,"
                  + " run: 'true'}]\n"));
    }
    for (int i = 0; i < 3; i++) {
      high.add(
          api.submitYaml(
              "name: high\ntasks: [{name: h, image: ubuntu:mantic, queue: fast, priority: 9,"
                  + " run: 'true'}]\n"));
    }
    List<String> all = new java.util.ArrayList<>(low);
    all.addAll(high);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> all.stream().allMatch(id -> api.state(id).equals("COMPLETED")));
    java.time.Instant lastHigh =
        high.stream()
            .map(
                id ->
                    java.time.Instant.parse(
                        api.job(id).path("execution").get(0).path("startedAt").asString()))
            .max(java.util.Comparator.naturalOrder())
            .orElseThrow();
    java.time.Instant firstLow =
        low.stream()
            .map(
                id ->
                    java.time.Instant.parse(
                        api.job(id).path("execution").get(0).path("startedAt").asString()))
            .min(java.util.Comparator.naturalOrder())
            .orElseThrow();
    assertThat(lastHigh).isBefore(firstLow);
  }
}
