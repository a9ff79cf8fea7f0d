package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code tork standalone --runtime shell}: jobs run as processes of the host, no Docker at all. */
class ShellRuntimeIT {
  @TempDir Path dataDir;

  @Test
  void aJobRunsThroughTheWholeEngineWithTheShellRuntime() {
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    try (Standalone engine =
        Standalone.start(
            new StandaloneOptions(0, dataDir, 0, Map.of("default", 2), "", "", "shell"))) {
      TorkApi api = new TorkApi(engine.port());
      String id =
          api.submitYaml(
              """
              name: shell job
              inputs:
                who: world
              tasks:
              - name: greet
                var: greeting
                image: ignored:latest
                env:
                  WHO: "{{ inputs.who }}"
                pre:
                - name: prepare
                  image: ignored:latest
                  run: echo preparing
                run: echo -n "hello $WHO" > $TORK_OUTPUT
              - name: shout
                image: ignored:latest
                env:
                  GREETING: "{{ tasks.greeting }}"
                run: echo -n "$GREETING" | tr a-z A-Z > $TORK_OUTPUT
              - name: too slow
                image: ignored:latest
                timeout: 1s
                run: sleep 30
              """);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> api.state(id), "FAILED"::equals);
      JsonNode execution = api.job(id).path("execution");
      assertThat(execution.get(0).path("result").asString()).isEqualTo("hello world");
      assertThat(execution.get(1).path("result").asString()).isEqualTo("HELLO WORLD");
      assertThat(execution.get(2).path("error").asString()).isEqualTo("task timed out after 1s");
    }
  }

  /**
   * An each of 10,000 elements runs to the end: every child runs (a real process each), the
   * concurrency bound holds, and the job's output sees the last child's var.
   */
  @Test
  void anEachOfTenThousandElementsRunsToTheEnd() {
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    try (Standalone engine =
        Standalone.start(
            new StandaloneOptions(0, dataDir, 0, Map.of("default", 8), "", "", "shell"))) {
      TorkApi api = new TorkApi(engine.port());
      long begin = System.nanoTime();
      String id =
          api.submitYaml(
              """
              name: ten thousand
              tasks:
              - name: many
                each:
                  list: "{{ sequence(0, 10000) }}"
                  concurrency: 500
                  task:
                    name: "n{{ item.value }}"
                    image: ignored:latest
                    var: "last{{ item.index == '9999' ? '' : item.index }}"
                    run: echo -n done > $TORK_OUTPUT
              output: "{{ tasks.last }}"
              """);
      // Polls the summary: the whole job, with its 10,001 records, is read once at the end.
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  api.get("/jobs?q=ten%20thousand")
                      .body()
                      .path("items")
                      .get(0)
                      .path("state")
                      .asString(),
              s -> s.equals("COMPLETED") || s.equals("FAILED"));
      JsonNode job = api.job(id);
      assertThat(job.path("state").asString()).isEqualTo("COMPLETED");
      assertThat(job.path("result").asString()).isEqualTo("done");
      assertThat(job.path("execution")).hasSize(10_001);
      System.out.printf("each of 10,000: %.1f s%n", (System.nanoTime() - begin) / 1e9);
    }
  }
}
