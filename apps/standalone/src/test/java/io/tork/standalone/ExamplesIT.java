package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Every file in examples/ runs end to end and completes. */
class ExamplesIT {
  private static final Path EXAMPLES = Path.of("../../examples");

  @TempDir static Path dataDir;
  static Standalone engine;
  static TorkApi api;

  @BeforeAll
  static void start() {
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    DockerCheck.requireDocker();
    engine = Standalone.start(new StandaloneOptions(0, dataDir, 0, Map.of("default", 4), "", ""));
    api = new TorkApi(engine.port());
  }

  @AfterAll
  static void stop() {
    if (engine != null) {
      engine.close();
    }
  }

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files
          .filter(f -> f.toString().matches(".*\\.(ya?ml|json)$"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void runsToCompletion(Path example) throws IOException {
    String type = example.toString().endsWith(".json") ? "application/json" : "text/yaml";
    TorkApi.Response response = api.post("/jobs", type, Files.readString(example));
    assertThat(response.status()).as("%s: %s", example, response.body()).isEqualTo(200);
    String id = response.body().path("id").asString();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> api.state(id), s -> s.equals("COMPLETED") || s.equals("FAILED"));
    JsonNode job = api.job(id);
    assertThat(job.path("state").asString()).as("%s: %s", example, job).isEqualTo("COMPLETED");
    if (example.getFileName().toString().equals("pre-post.yaml")) {
      assertThat(job.path("execution").get(0).path("result").asString())
          .isEqualTo("converted 26 bytes");
    }
    switch (example.getFileName().toString()) {
      case "each.yaml" -> assertThat(job.path("result").asString()).isEqualTo("a.mp4 ... d.mp4");
      case "subjob.yaml" -> assertThat(job.path("result").asString()).isEqualTo("hello world");
      case "parallel.yaml" ->
          assertThat(
                  job.path("execution")
                      .get(job.path("execution").size() - 1)
                      .path("result")
                      .asString())
              .isEqualTo("they said in parallel");
      case "progress-and-logs.yaml" -> {
        assertThat(job.path("progress").asDouble()).isEqualTo(100.0);
        String taskId = job.path("execution").get(0).path("id").asString();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    api.get("/tasks/" + taskId + "/log").body().toString().contains("step 3 of 3"));
      }
      case "job-features.yaml" ->
          assertThat(job.path("result").asString()).isEqualTo("Report for {{name}} with 42 rows");
      default -> {}
    }
    if (example.getFileName().toString().equals("secrets.yaml")) {
      assertThat(job.toString()).doesNotContain("hunter2");
    }
    if (example.getFileName().toString().equals("expressions.yaml")) {
      List<String> results = new ArrayList<>();
      job.path("execution")
          .forEach(
              t -> results.add(t.path("state").asString() + ":" + t.path("result").asString()));
      assertThat(results).hasSize(4);
      assertThat(results.get(0)).isEqualTo("SKIPPED:");
      assertThat(results.get(1)).isEqualTo("COMPLETED:hello world");
      assertThat(results.get(2)).isEqualTo("COMPLETED:The length of the string is: 11");
      assertThat(results.get(3)).matches("COMPLETED:a random number: \\d+");
    }
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
    assertThat(api.delete("/scheduled-jobs/" + id).status()).isEqualTo(200);
  }
}
