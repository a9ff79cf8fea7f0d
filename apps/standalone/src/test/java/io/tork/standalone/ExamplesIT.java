package io.tork.standalone;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tork.scheduler.kafka.WebhookTargetPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Every file in examples/ runs end to end, with the outcome its comments document. */
class ExamplesIT {
  private static final Path EXAMPLES = Path.of("../../examples");

  // webhooks.yaml calls localhost:8000: allowed, as its comment says to run it
  @RegisterExtension
  static final StandaloneEngine engine =
      StandaloneEngine.docker()
          .options(o -> o.withWebhookTargets(WebhookTargetPolicy.allowing(List.of("127.0.0.1"))));

  static final TorkApi api = engine.api();

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files
          .filter(f -> f.toString().matches(".*\\.(ya?ml|json)$"))
          .sorted()
          .toList()
          .stream();
    }
  }

  /**
   * What each example's comments say the user will see. Every example must be here: an example
   * without a checked outcome fails, so a comment cannot drift from what the engine does.
   */
  private static final Map<String, BiConsumer<String, JsonNode>> OUTCOMES =
      Map.ofEntries(
          entry("dag.yaml", (id, job) -> completedWith(job, "joined LEFT(data) and RIGHT(data)")),
          entry("each.yaml", (id, job) -> completedWith(job, "a.mp4 ... d.mp4")),
          entry("expressions.yaml", ExamplesIT::expressions),
          entry("gpus.yaml", ExamplesIT::gpus),
          entry("hello.yaml", ExamplesIT::hello),
          entry("job-timeout.yaml", ExamplesIT::jobTimeout),
          entry(
              "job-features.yaml",
              (id, job) -> completedWith(job, "Report for job features with 42 rows")),
          entry("outputs.yaml", (id, job) -> lastResult(job, "hello world")),
          entry("parallel.yaml", (id, job) -> lastResult(job, "they said in parallel")),
          entry("pre-post.yaml", (id, job) -> lastResult(job, "converted 26 bytes")),
          entry("priority.yaml", ExamplesIT::priority),
          entry("progress-and-logs.yaml", ExamplesIT::progressAndLogs),
          entry("queues-and-limits.yaml", ExamplesIT::queuesAndLimits),
          entry("retries-and-timeouts.yaml", ExamplesIT::retriesAndTimeouts),
          entry("retry-backoff.yaml", ExamplesIT::retryBackoff),
          entry(
              "sample.json",
              (id, job) -> assertThat(job.path("state").asString()).isEqualTo("COMPLETED")),
          entry("secrets.yaml", ExamplesIT::secrets),
          entry("sidecars.yaml", ExamplesIT::sidecars),
          entry("subjob.yaml", ExamplesIT::subjob),
          entry(
              "webhooks.yaml",
              (id, job) -> assertThat(job.path("state").asString()).isEqualTo("COMPLETED")));

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void runsWithItsDocumentedOutcome(Path example) throws IOException {
    String name = example.getFileName().toString();
    assertThat(OUTCOMES).as("the documented outcome of %s", name).containsKey(name);
    String type = name.endsWith(".json") ? "application/json" : "text/yaml";
    TorkApi.Response response = api.post("/jobs", type, Files.readString(example));
    assertThat(response.status()).as("%s: %s", example, response.body()).isEqualTo(200);
    String id = response.body().path("id").asString();
    JsonNode job = api.awaitEnd(id);
    OUTCOMES.get(name).accept(id, job);
  }

  private static void completedWith(JsonNode job, String result) {
    assertThat(job.path("state").asString()).as("%s", job).isEqualTo("COMPLETED");
    assertThat(job.path("result").asString()).isEqualTo(result);
  }

  private static void lastResult(JsonNode job, String result) {
    assertThat(job.path("state").asString()).as("%s", job).isEqualTo("COMPLETED");
    JsonNode execution = job.path("execution");
    assertThat(execution.get(execution.size() - 1).path("result").asString()).isEqualTo(result);
  }

  private static List<String> records(JsonNode job, String... fields) {
    List<String> out = new ArrayList<>();
    job.path("execution")
        .forEach(
            t -> {
              List<String> values = new ArrayList<>();
              for (String field : fields) {
                values.add(t.path(field).asString());
              }
              out.add(String.join(":", values));
            });
    return out;
  }

  private static void hello(String id, JsonNode job) {
    assertThat(records(job, "name", "state"))
        .containsExactly("say hello:COMPLETED", "say goodbye:COMPLETED");
    // The README's answer to "where is hello's output?": the job's log.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(api.get("/jobs/" + id + "/log").body().toString())
                    .contains("hello world")
                    .contains("bye world"));
  }

  private static void expressions(String id, JsonNode job) {
    assertThat(job.path("state").asString()).isEqualTo("COMPLETED");
    List<String> results = records(job, "state", "result");
    assertThat(results).hasSize(4);
    assertThat(results.get(0)).isEqualTo("SKIPPED:");
    assertThat(results.get(1)).isEqualTo("COMPLETED:hello world");
    assertThat(results.get(2)).isEqualTo("COMPLETED:The length of the string is: 11");
    assertThat(results.get(3)).matches("COMPLETED:a random number: \\d+");
  }

  private static void priority(String id, JsonNode job) {
    assertThat(job.path("state").asString()).isEqualTo("COMPLETED");
    assertThat(records(job, "name", "priority"))
        .containsExactly("urgent by default:5", "not urgent:0");
  }

  private static void progressAndLogs(String id, JsonNode job) {
    assertThat(job.path("state").asString()).isEqualTo("COMPLETED");
    assertThat(job.path("progress").asDouble()).isEqualTo(100.0);
    String taskId = job.path("execution").get(0).path("id").asString();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> api.get("/tasks/" + taskId + "/log").body().toString().contains("step 3 of 3"));
  }

  private static void queuesAndLimits(String id, JsonNode job) {
    lastResult(job, "small");
    JsonNode task = job.path("execution").get(0);
    assertThat(task.path("queue").asString()).isEqualTo("default");
    assertThat(task.path("limits").path("memory").asString()).isEqualTo("10m");
  }

  private static void retriesAndTimeouts(String id, JsonNode job) {
    assertThat(job.path("state").asString()).as("%s", job).isEqualTo("FAILED");
    assertThat(job.path("error").asString()).isEqualTo("task timed out after 2s");
    assertThat(records(job, "name", "state", "attempt", "error", "result"))
        .containsExactly(
            "quick enough:COMPLETED:1::done",
            "too slow:FAILED:1:task timed out after 2s:",
            "too slow:FAILED:2:task timed out after 2s:");
  }

  private static void retryBackoff(String id, JsonNode job) {
    assertThat(job.path("state").asString()).as("%s", job).isEqualTo("FAILED");
    assertThat(records(job, "name", "state", "attempt", "error"))
        .containsExactly(
            "always fails:FAILED:1:exit code 1",
            "always fails:FAILED:2:exit code 1",
            "always fails:FAILED:3:exit code 1");
    assertThat(job.path("error").asString()).isEqualTo("exit code 1");
    JsonNode runs = job.path("execution");
    for (int n = 1; n <= 2; n++) {
      Instant failed = Instant.parse(runs.get(n - 1).path("failedAt").asString());
      Instant due = Instant.parse(runs.get(n).path("dueAt").asString());
      assertThat(Duration.between(failed, due)).isGreaterThanOrEqualTo(Duration.ofSeconds(n));
    }
  }

  private static void gpus(String id, JsonNode job) {
    assertThat(job.path("state").asString()).as("%s", job).isEqualTo("FAILED");
    assertThat(job.path("execution").get(0).path("error").asString())
        .startsWith("gpus: cannot start the container with GPUs ('all'): ");
  }

  private static void jobTimeout(String id, JsonNode job) {
    assertThat(job.path("state").asString()).as("%s", job).isEqualTo("FAILED");
    assertThat(job.path("error").asString()).isEqualTo("job timed out after 3s");
    assertThat(records(job, "name", "state")).containsExactly("sleeps too long:CANCELLED");
    await().atMost(Duration.ofSeconds(10)).until(() -> DockerCheck.jobContainers(id).isEmpty());
  }

  private static void secrets(String id, JsonNode job) {
    lastResult(job, "used [REDACTED]");
    assertThat(job.toString()).doesNotContain("hunter2");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(api.get("/jobs/" + id + "/log").body().toString())
                    .contains("connecting with [REDACTED]")
                    .doesNotContain("hunter2"));
  }

  private static void sidecars(String id, JsonNode job) {
    lastResult(job, "fetched: 3 rows ready");
    String taskId = job.path("execution").get(0).path("id").asString();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                api.get("/tasks/" + taskId + "/log")
                    .body()
                    .toString()
                    .contains("[sidecar web-server] serving report.txt"));
  }

  private static void subjob(String id, JsonNode job) {
    completedWith(job, "hello world");
    String childId = job.path("execution").get(0).path("subJobId").asString();
    JsonNode child = api.job(childId);
    assertThat(child.path("parentJobId").asString()).isEqualTo(id);
    assertThat(child.path("state").asString()).isEqualTo("COMPLETED");
  }

  @org.junit.jupiter.api.Test
  void theScheduledJobExampleIsAccepted() throws IOException {
    Path example = EXAMPLES.resolve("scheduled/every-five-minutes.yaml");
    TorkApi.Response response = api.post("/scheduled-jobs", "text/yaml", Files.readString(example));
    assertThat(response.status()).as("%s", response.body()).isEqualTo(200);
    String id = response.body().path("id").asString();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> api.get("/scheduled-jobs/" + id).status() == 200);
    assertThat(api.get("/scheduled-jobs/" + id).body().path("cron").asString())
        .isEqualTo("*/5 * * * *");
    // Its next run: the next five-minute tick, read in the schedule's zone.
    JsonNode scheduled = api.get("/scheduled-jobs/" + id).body();
    assertThat(scheduled.path("timezone").asString()).isEqualTo("Europe/Paris");
    java.time.Instant next = java.time.Instant.parse(scheduled.path("nextRunAt").asString());
    assertThat(next).isAfter(java.time.Instant.now().minusSeconds(1));
    assertThat(next.getEpochSecond() % 300).isZero();
    assertThat(api.delete("/scheduled-jobs/" + id).status()).isEqualTo(200);
  }

  @org.junit.jupiter.api.Test
  void theQueueAndJobAdministrationExampleDoesWhatItsCommentsSay() throws IOException {
    String id = api.submitYaml(Files.readString(EXAMPLES.resolve("admin/waiting-on-a-queue.yaml")));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.get("/queues/reports").body().path("size").asInt() == 1);
    assertThat(api.get("/queues/reports").body().path("subscribers").asInt()).isZero();
    assertThat(api.delete("/jobs/" + id).status()).as("running: cancel it first").isEqualTo(400);

    assertThat(api.delete("/queues/reports").status()).isEqualTo(200);
    JsonNode failed = api.awaitEnd(id, Duration.ofSeconds(30));
    assertThat(failed.path("state").asString()).isEqualTo("FAILED");
    assertThat(failed.path("error").asString()).isEqualTo("queue deleted");

    assertThat(api.delete("/jobs/" + id).status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/jobs/" + id).status() == 404);
  }
}
