package io.tork.bench;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark harness: starts the engine itself (standalone, fresh data dir, as a child process),
 * measures each scenario after a warm-up next to its physical floor, prints a table and writes
 * {@code bench/results/latest.json} (and a dated copy).
 *
 * <p>{@code bench/run --quick} (smaller counts) or {@code bench/run} (the counts of issues 5 and
 * 17: {@code history} alone puts 250,000 jobs through two engines, about half an hour here).
 */
public final class Bench {
  private static final String NOOP = "bench-noop";
  private final boolean quick;
  private final java.util.Set<String> only;
  private final Path work;
  private final Path results;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .executor(Executors.newFixedThreadPool(8))
          .build();
  private final Report report = new Report();

  private Bench(boolean quick, java.util.Set<String> only, Path work, Path results) {
    this.quick = quick;
    this.only = only;
    this.work = work;
    this.results = results;
  }

  public static void main(String[] args) throws Exception {
    boolean quick = List.of(args).contains("--quick");
    // --only=latency,docker runs just those scenarios (for working on one figure; not a report).
    java.util.Set<String> only =
        List.of(args).stream()
            .filter(a -> a.startsWith("--only="))
            .flatMap(a -> java.util.Arrays.stream(a.substring(7).split(",")))
            .collect(java.util.stream.Collectors.toSet());
    Path results = Path.of(System.getProperty("bench.results", "bench/results"));
    Path work = Files.createTempDirectory("tork-bench-");
    try {
      new Bench(quick, only, work, results).run();
    } catch (Exception e) {
      // Exit, or the HTTP client's pool threads keep the JVM (and the caller) waiting forever.
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  private Api.Factory apis() {
    return port -> new Api(http, port);
  }

  private void run() throws Exception {
    report.put("commit", System.getProperty("bench.commit", "unknown"));
    report.put("mode", quick ? "quick" : "full");
    report.put("at", Instant.now().toString());
    // The machine may be shared: figures are read against how busy it was.
    report.put("loadavg_at_start", Files.readString(Path.of("/proc/loadavg")).strip());
    // The engine path without process start costs, then with a real process per task.
    if (List.of("floors", "sequential", "latency", "throughput", "scale", "cli").stream()
        .anyMatch(this::wanted)) {
      noop();
    }
    if (wanted("shell")) {
      try (Engine engine = Engine.start(work.resolve("shell"), "shell", "default:8", apis())) {
        Api api = apis().at(engine.port);
        EngineScenarios scenarios = new EngineScenarios(report, quick, apis());
        scenarios.warmUp(engine, "true", quick ? 100 : 1000, quick ? 0 : 1);
        scenarios.sequential(api, "shell", quick ? 30 : 200, "shell_sequential_overhead_ms_p50");
        scenarios.latency(engine, "shell", quick ? 50 : 500, 50, "shell_single_task_latency_ms");
        scenarios.throughput(engine, "shell", quick ? 200 : 2000, "shell_throughput_tasks_per_s");
      }
    }
    if (wanted("docker")) {
      new DockerScenario(report, quick, work, apis()).run();
    }
    // Not in --quick (a broker and four processes, twice: some minutes) unless named.
    if (only.contains("scale-out") || (!quick && wanted("scale-out"))) {
      new ScaleOut(report, quick, work, apis()).run();
    }
    if (wanted("parse")) {
      Parsing.run(report, quick);
    }
    if (wanted("history")) {
      new History(report, quick, work, apis()).run();
    }
    report.write(results);
  }

  /** The scenarios on the bench-noop runtime: the engine's own path, no process per task. */
  private void noop() throws Exception {
    try (Engine engine =
        Engine.start(
            work.resolve("noop"),
            NOOP,
            "default:" + Integer.getInteger("bench.slots", 8),
            apis())) {
      Api api = apis().at(engine.port);
      EngineScenarios scenarios = new EngineScenarios(report, quick, apis());
      report.put("rss_idle_mb", engine.rssMb());
      report.row("standalone RSS idle (started, no job yet)", engine.rssMb() + " MiB", "", "");
      scenarios.warmUp(engine, "true", quick ? 1500 : 5000, quick ? 0 : 9);
      if (wanted("floors")) {
        floors(engine.kafka());
      }
      if (wanted("cli")) {
        cliJobsList(engine);
      }
      if (wanted("sequential")) {
        scenarios.sequential(api, "noop", quick ? 60 : 200, "sequential_overhead_ms_p50");
      }
      if (wanted("latency")) {
        scenarios.latency(engine, "noop", quick ? 250 : 1000, 50, "single_task_latency_ms");
        // The same path on a machine with CPU to spare: the design's latency, not the queueing.
        scenarios.latency(
            engine, "noop", quick ? 30 : 100, 10, "single_task_latency_at_10_per_s_ms");
        // Four times the rate: where queueing starts on two cores.
        scenarios.latency(
            engine, "noop", quick ? 400 : 2000, 200, "single_task_latency_at_200_per_s_ms");
      }
      if (wanted("throughput")) {
        scenarios.throughput(engine, "noop", quick ? 2000 : 20000, "throughput_tasks_per_s");
        report.put("rss_load_mb", engine.rssMb());
        report.row(
            "standalone RSS after throughput",
            engine.rssMb() + " MiB",
            quick ? "" : "<= 1024 MiB",
            "");
      }
      if (wanted("scale")) {
        scenarios.scale(engine, api);
      }
    }
  }

  /**
   * {@code bin/tork jobs list} as a person runs it, against the engine with the warm-up's jobs in
   * its store: the whole command's wall time, JVM start included (the first run, which builds the
   * client if needed and writes its class-data archive, is left out).
   */
  private void cliJobsList(Engine engine) throws Exception {
    List<String> command = List.of("bin/tork", "jobs", "list");
    int runs = quick ? 5 : 20;
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i <= runs; i++) {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      builder.environment().put("TORK_SERVER", "http://127.0.0.1:" + engine.port);
      long start = System.nanoTime();
      Process process = builder.start();
      if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException("bin/tork jobs list failed or hung");
      }
      if (i > 0) {
        ms.add((System.nanoTime() - start) / 1e6);
      }
    }
    Stats stats = Stats.of(ms);
    report.put("cli_jobs_list_ms_p50", stats.p50());
    report.row(
        "bin/tork jobs list, wall time (" + runs + " runs)", stats.toString(), "< 1000 ms", "");
  }

  private boolean wanted(String scenario) {
    return only.isEmpty() || only.contains(scenario);
  }

  private void floors(String kafka) throws Exception {
    Stats rtt = Floors.kafkaRoundTrip(kafka, quick ? 300 : 1000);
    report.put("kafka_round_trip_ms_p50", rtt.p50());
    report.row("floor: Kafka produce -> consume", rtt.toString(), "", "");
    Stats hop =
        Floors.streamsHop(
            kafka, work.resolve("hop-state"), Duration.ofMillis(10), 5, quick ? 150 : 500);
    report.put("streams_hop_ms_p50", hop.p50());
    report.row(
        "floor: Streams hop (EOS v2, commit 10 ms, poll 5 ms: the scheduler's)",
        hop.toString(),
        "",
        "");
    if (quick) {
      return; // the next one is there to explain a setting (ADR 9), not to follow a figure
    }
    Stats defaults =
        Floors.streamsHop(kafka, work.resolve("hop-state-2"), Duration.ofMillis(10), 100, 200);
    report.put("streams_hop_default_poll_ms_p50", defaults.p50());
    report.row("floor: same hop, default poll.ms 100", defaults.toString(), "", "");
  }
}
