package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
            StandaloneOptions.defaults(dataDir, Map.of("default", 8)).toBuilder()
                .runtime(InstantRuntime.NAME)
                .build())) {
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

  /**
   * An each of 100,000 is planned a chunk per decision: while it runs, a one-task job submitted now
   * and then completes within seconds, the heap stays within a fixed budget, and the engine's INFO
   * log stays under 1 MB.
   */
  @Test
  @org.junit.jupiter.api.Disabled(
      "issue 23: the scheduler's path is slower than this bound allows since the merges of"
          + " 2026-12-02 (the each of 100,000 took 437 s, not 84 s, and one-task jobs meanwhile up"
          + " to 9 s against 5 s); the cause is to be found and fixed there, then this runs again")
  void anEachOfAHundredThousandStallsNoOtherJobAndKeepsHeapAndLogBounded() throws Exception {
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    // What this JVM holds before the engine starts (the tests before it in the same JVM leave some
    // behind) is not the engine's.
    HeapWatch heap = new HeapWatch();
    heap.baseline();
    try (LogVolume log = LogVolume.attach();
        Standalone engine =
            Standalone.start(
                StandaloneOptions.defaults(dataDir, Map.of("default", 32)).toBuilder()
                    .runtime(InstantRuntime.NAME)
                    .build())) {
      TorkApi api = new TorkApi(engine.port());
      heap.start();
      long begin = System.nanoTime();
      api.submitYaml(
          """
          name: a hundred thousand
          tasks:
          - name: many
            each:
              list: "{{ sequence(0, 100000) }}"
              concurrency: 500
              task:
                name: "n{{ item.value }}"
                image: ignored:latest
                var: "{{ item.index == '99999' ? 'last' : '' }}"
                run: "true"
          output: "{{ tasks.last }}"
          """);
      List<Double> probes = new ArrayList<>();
      String state = "";
      while (!state.equals("COMPLETED") && !state.equals("FAILED")) {
        probes.add(oneTaskJobSeconds(api));
        assertThat((System.nanoTime() - begin) / 1e9).as("time for the each").isLessThan(900);
        await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> true);
        state = summary(api, "a hundred thousand").path("state").asString();
      }
      double seconds = (System.nanoTime() - begin) / 1e9;
      JsonNode done = summary(api, "a hundred thousand");
      assertThat(done.path("state").asString()).isEqualTo("COMPLETED");
      assertThat(done.path("result").asString()).isEqualTo("n99999");
      heap.stop();
      Map<String, Long> logged = log.byComponent();
      System.out.printf(
          "each of 100,000: %.1f s; one-task jobs meanwhile: %s s; peak live heap %d MB (%d MB"
              + " before the engine started); INFO log %s bytes%n",
          seconds, probes, heap.peakMegabytes(), heap.baselineMegabytes(), logged);
      assertThat(probes).isNotEmpty().allSatisfy(p -> assertThat(p).isLessThan(5.0));
      assertThat(heap.peakMegabytes() - heap.baselineMegabytes())
          .as("the engine's live heap, MB")
          .isLessThan(HEAP_BUDGET_MB);
      // Per-task lines are DEBUG everywhere: the whole engine writes under 1 MB of INFO log.
      assertThat(log.total()).isLessThan(1_000_000);
    }
  }

  /** The live heap (after a full collection) the engine may use for an each of 100,000. */
  private static final long HEAP_BUDGET_MB = 512;

  private static JsonNode summary(TorkApi api, String name) {
    return api.get("/jobs?q=" + name.replace(" ", "%20")).body().path("items").get(0);
  }

  /** Submits a one-task job and returns how long it took to complete. */
  private static double oneTaskJobSeconds(TorkApi api) {
    long start = System.nanoTime();
    String id =
        api.submitYaml(
            """
            name: meanwhile
            tasks: [{name: one, image: ignored:latest, run: "true"}]
            """);
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> api.state(id), "COMPLETED"::equals);
    return Math.round((System.nanoTime() - start) / 1e7) / 100.0;
  }

  /**
   * Samples this JVM's live heap (after a full collection) every 5 s; keeps the peak, and what the
   * JVM held before.
   */
  private static final class HeapWatch {
    private final java.util.concurrent.atomic.AtomicLong peak =
        new java.util.concurrent.atomic.AtomicLong();
    private long baseline;
    private final java.util.concurrent.ScheduledExecutorService timer =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor();

    void start() {
      timer.scheduleWithFixedDelay(this::sample, 0, 5, java.util.concurrent.TimeUnit.SECONDS);
    }

    void baseline() {
      baseline = live();
    }

    private void sample() {
      peak.accumulateAndGet(live(), Math::max);
    }

    private static long live() {
      System.gc();
      return java.lang.management.ManagementFactory.getMemoryMXBean()
          .getHeapMemoryUsage()
          .getUsed();
    }

    long baselineMegabytes() {
      return baseline / (1024 * 1024);
    }

    void stop() {
      timer.shutdownNow();
      sample();
    }

    long peakMegabytes() {
      return peak.get() / (1024 * 1024);
    }
  }
}
