package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A job of 10,001 task records through the whole engine (REST, scheduler, queue topic, worker,
 * events, view). Its tasks run on the test-only {@link InstantRuntime}: the subject is the size of
 * the job, not process start (10,000 shell processes took 4 minutes of CI for nothing more).
 */
class LargeJobIT {
  @TempDir Path dataDir;

  @Test
  void anEachOfTenThousandElementsRunsToTheEndWithTheLastChildsVar() {
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    try (Standalone engine =
        Standalone.start(
            new StandaloneOptions(
                0, dataDir, 0, Map.of("default", 8), "", "", InstantRuntime.NAME))) {
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
                    run: "true"
              output: "{{ tasks.last }}"
              """);
      // Polls the summary: the whole job, with its 10,001 records, is read once at the end.
      await()
          .atMost(Duration.ofMinutes(3))
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
      assertThat(job.path("result").asString()).isEqualTo("n9999");
      // The answer holds the first 1,000 records and their count; the rest are paged (ADR 35).
      assertThat(job.path("execution")).hasSize(1_000);
      assertThat(job.path("executionCount").asInt()).isEqualTo(10_001);
      JsonNode last = api.get("/jobs/" + id + "/tasks?page=11&size=1000").body();
      assertThat(last.path("totalItems").asInt()).isEqualTo(10_001);
      assertThat(last.path("items")).hasSize(1);
      assertThat(last.path("items").get(0).path("result").asString()).isEqualTo("n9999");
      System.out.printf("each of 10,000: %.1f s%n", (System.nanoTime() - begin) / 1e9);
    }
  }
}
