package io.tork.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The scenarios of the engine's own path, on whichever runtime the engine was started with: the
 * warm-up, a sequential job's overhead per task, POST -> COMPLETED at a steady rate, throughput,
 * and reads and a restart with the store filled. Counts the jobs put through, so {@code scale}
 * knows how many more fill the store to 100,000.
 */
final class EngineScenarios {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final Report report;
  private final boolean quick;
  private final Api.Factory apis;
  private int jobsSoFar;

  EngineScenarios(Report report, boolean quick, Api.Factory apis) {
    this.report = report;
    this.quick = quick;
    this.apis = apis;
  }

  /**
   * Runs the engine hot before anything is measured: a fresh JVM spends a third of its CPU in the
   * JIT compiler for its first thousands of jobs (broker, streams and clients in one process),
   * which measured the compiler, not the engine. A burst as fast as the engine takes it, then
   * windows of 10 s at the latency scenario's pace: the engine's CPU per job falls window after
   * window (33 -> 21-25 ms over the first minute in one run) until the compiler is done with the
   * paths a steady load takes. Prints each window's figure, so a run shows it reached the plateau.
   */
  void warmUp(Engine engine, String run, int burst, int windows) throws Exception {
    Api api = apis.at(engine.port);
    try (Views views = new Views(engine.kafka())) {
      List<String> ids = Load.submitAll(api, burst, 32, "warm-up", run);
      Load.awaitEnded(views, ids, Duration.ofMinutes(5));
      int jobs = ids.size();
      List<String> perWindow = new ArrayList<>();
      for (int window = 0; window < windows; window++) {
        CpuMeter cpu = CpuMeter.start(engine.handle());
        List<String> steady = Load.paced(api, 500, 50, "warm-up", run, new ConcurrentHashMap<>());
        Load.awaitEnded(views, steady, Duration.ofMinutes(2));
        jobs += steady.size();
        CpuMeter.Use use = cpu.stop(steady.size());
        System.err.println("warm-up window " + (window + 1) + " at 50/s: " + use);
        perWindow.add(String.format(Locale.ROOT, "%.1f", use.engineMsPerJob()));
      }
      report.row(
          "warm-up (" + run + ")",
          jobs
              + " jobs"
              + (perWindow.isEmpty()
                  ? ""
                  : "; engine CPU per job at 50/s, 10 s windows: "
                      + String.join(", ", perWindow)
                      + " ms"),
          "",
          "");
      jobsSoFar += jobs;
    }
  }

  /** One job of {@code count} tasks that do nothing, one after another. */
  void sequential(Api api, String runtime, int count, String key) throws Exception {
    StringBuilder yaml = new StringBuilder("name: sequential\ntasks:\n");
    for (int i = 0; i < count; i++) {
      yaml.append("- name: t")
          .append(i)
          .append("\n  image: tork-test/busybox:latest\n  run: true\n");
    }
    String id = api.submit(yaml.toString()).get(60, TimeUnit.SECONDS);
    jobsSoFar++;
    JsonNode job = awaitJob(api, id, Duration.ofMinutes(5));
    List<JsonNode> tasks = new ArrayList<>();
    job.path("execution").forEach(tasks::add);
    double runSum = 0;
    List<Double> gaps = new ArrayList<>();
    Instant previousEnd = Instant.parse(job.path("createdAt").asString());
    for (JsonNode task : tasks) {
      Instant started = Instant.parse(task.path("startedAt").asString());
      Instant ended = Instant.parse(task.path("completedAt").asString());
      runSum += Duration.between(started, ended).toNanos() / 1e6;
      // Engine time for this task: from the previous task's end to this one's end, minus its run.
      gaps.add(
          Duration.between(previousEnd, ended).toNanos() / 1e6
              - Duration.between(started, ended).toNanos() / 1e6);
      previousEnd = ended;
    }
    double wall =
        Duration.between(
                    Instant.parse(job.path("createdAt").asString()),
                    Instant.parse(job.path("completedAt").asString()))
                .toNanos()
            / 1e6;
    double perTask = (wall - runSum) / count;
    Stats stats = Stats.of(gaps);
    report.put(key, stats.p50());
    report.put(key.replace("_p50", "_mean"), perTask);
    report.row(
        "sequential overhead per task (" + runtime + ", " + count + " tasks)",
        stats + String.format(Locale.ROOT, "; (wall - run)/n = %.1f ms", perTask),
        runtime.equals("noop") ? "<= 10 ms" : "",
        ratio(stats.p50(), report.number("streams_hop_ms_p50"), "streams hop"));
  }

  /** One-task jobs at a steady rate: POST -> COMPLETED seen on the view topic. */
  void latency(Engine engine, String runtime, int count, int perSecond, String key)
      throws Exception {
    Map<String, Long> postedAt = new ConcurrentHashMap<>();
    try (Views views = new Views(engine.kafka())) {
      CpuMeter cpu = CpuMeter.start(engine.handle());
      List<String> ids =
          Load.paced(apis.at(engine.port), count, perSecond, "latency", "true", postedAt);
      jobsSoFar += ids.size();
      Load.awaitEnded(views, ids, Duration.ofMinutes(3));
      CpuMeter.Use use = cpu.stop(ids.size());
      List<Double> latencies = new ArrayList<>();
      for (String id : ids) {
        latencies.add((views.endedAt.get(id) - postedAt.get(id)) / 1e6);
      }
      // Per second of submission, to tell a backlog from a slow path.
      for (int from = 0; from < latencies.size(); from += perSecond) {
        System.err.println(
            "latency, jobs "
                + from
                + "+: "
                + Stats.of(latencies.subList(from, Math.min(latencies.size(), from + perSecond))));
      }
      Stats stats = Stats.of(latencies);
      report.put(key + "_p50", stats.p50());
      report.put(key + "_p99", stats.p99());
      String scenario =
          "single-task job POST -> COMPLETED at " + perSecond + "/s (" + runtime + ")";
      report.row(
          scenario,
          stats.toString(),
          target(runtime, perSecond),
          ratio(stats.p50(), report.number("streams_hop_ms_p50"), "streams hop"));
      cpu(key, use, scenario);
    }
  }

  /** Issue 23's goals for the noop runtime's latency. */
  private static String target(String runtime, int perSecond) {
    if (!runtime.equals("noop")) {
      return "";
    }
    return switch (perSecond) {
      case 50 -> "p50 <= 20, p99 <= 50 ms";
      case 200 -> "p99 <= 100 ms";
      default -> "";
    };
  }

  /** As many one-task jobs as the engine accepts; completions per second in the middle 80%. */
  void throughput(Engine engine, String runtime, int count, String key) throws Exception {
    try (Views views = new Views(engine.kafka())) {
      TopicMeter topics = TopicMeter.start(engine.kafka());
      CpuMeter cpu = CpuMeter.start(engine.handle());
      long begin = System.nanoTime();
      List<String> ids = Load.submitAll(apis.at(engine.port), count, 32, "throughput", "true");
      jobsSoFar += ids.size();
      double submitSeconds = (System.nanoTime() - begin) / 1e9;
      Load.awaitEnded(views, ids, Duration.ofMinutes(10));
      CpuMeter.Use use = cpu.stop(ids.size());
      long[] ends = ids.stream().mapToLong(views.endedAt::get).sorted().toArray();
      int from = ends.length / 10;
      int to = ends.length - 1 - ends.length / 10;
      double perSecond = (to - from) / ((ends[to] - ends[from]) / 1e9);
      long completed =
          ids.stream().filter(id -> "COMPLETED".equals(views.endState.get(id))).count();
      report.put(key, perSecond);
      report.put(key.replace("_per_s", "_completed"), completed);
      String scenario = "throughput, one-task jobs (" + runtime + ", " + count + ")";
      report.row(
          scenario,
          String.format(
              Locale.ROOT,
              "%.0f tasks/s sustained; submitted at %.0f jobs/s; %d/%d COMPLETED",
              perSecond,
              count / submitSeconds,
              completed,
              count),
          runtime.equals("noop") ? ">= 1500 tasks/s" : "",
          "");
      cpu(key.replace("_per_s", ""), use, scenario);
      Map<String, Double> records = topics.perJob(count);
      report.put(key.replace("_per_s", "_records_per_job"), records);
      report.row(
          "records per job, by topic: " + scenario,
          String.format(
              Locale.ROOT,
              "%.1f in all: %s",
              records.values().stream().mapToDouble(Double::doubleValue).sum(),
              records),
          "",
          "");
    }
  }

  /** Where the CPU went over a scenario: the engine's share, per job, and the generator's. */
  private void cpu(String key, CpuMeter.Use use, String scenario) {
    report.put(key + "_engine_cpu_ms_per_job", use.engineMsPerJob());
    report.put(key + "_engine_cores", use.engineCores());
    report.put(key + "_generator_cores", use.generatorCores());
    report.row("CPU during: " + scenario, use.toString(), "", "");
  }

  /** With the jobs of the earlier scenarios in the store: reads, and a restart. */
  void scale(Engine engine, Api api) throws Exception {
    if (!quick) {
      // Fill the store up to 100,000 completed jobs.
      throughput(engine, "noop, filling the store", 100_000 - jobsSoFar, "fill_tasks_per_s");
    }
    List<String> ids;
    try (Views views = new Views(engine.kafka())) {
      ids = Load.submitAll(api, 200, 32, "read", "true");
      Load.awaitEnded(views, ids, Duration.ofMinutes(2));
    }
    Random random = new Random(1);
    List<Double> reads = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      long start = System.nanoTime();
      api.job(ids.get(random.nextInt(ids.size())));
      reads.add((System.nanoTime() - start) / 1e6);
    }
    Stats get = Stats.of(reads);
    report.put("get_job_ms_p99", get.p99());
    report.row("GET /jobs/{id} with the store filled", get.toString(), "", "");
    List<Double> pages = new ArrayList<>();
    int total = 0;
    for (int i = 0; i < 500; i++) {
      long start = System.nanoTime();
      var page = api.get("/jobs?size=10&page=" + (1 + random.nextInt(10)));
      pages.add((System.nanoTime() - start) / 1e6);
      if (page.statusCode() != 200) {
        throw new IllegalStateException("GET /jobs: " + page.statusCode() + " " + page.body());
      }
      if (i == 0) {
        total = JSON.readTree(page.body()).path("totalItems").asInt();
      }
    }
    Stats list = Stats.of(pages);
    report.put("list_jobs_page_ms_p50", list.p50());
    report.put("list_jobs_page_ms_p99", list.p99());
    report.row(
        "GET /jobs page (size 10, pages 1-10) of " + total + " jobs", list.toString(), "", "");
    if (quick) {
      return; // a restart's figure is about a store of 100,000 jobs
    }
    engine.stop();
    Duration restart = engine.launch(apis);
    long begin = System.nanoTime();
    api.job(ids.get(0));
    double firstRead = (System.nanoTime() - begin) / 1e6;
    report.put("restart_to_serving_s", restart.toMillis() / 1000.0);
    report.row(
        "restart until the API serves",
        String.format(
            Locale.ROOT,
            "%.1f s (then the first GET of an old job: %.0f ms)",
            restart.toMillis() / 1000.0,
            firstRead),
        "",
        "");
  }

  private static JsonNode awaitJob(Api api, String id, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode job = api.job(id);
      String state = job.path("state").asString();
      if (state.equals("COMPLETED")) {
        return job;
      }
      if (state.equals("FAILED") || state.equals("CANCELLED")) {
        throw new IllegalStateException("job " + id + " ended " + state + ": " + job.path("error"));
      }
      TimeUnit.MILLISECONDS.sleep(100); // polling the API for the end of a long job
    }
    throw new IllegalStateException("job " + id + " did not end within " + timeout);
  }

  private static String ratio(double value, Double floor, String name) {
    return floor == null ? "" : String.format(Locale.ROOT, "%.1f x %s", value / floor, name);
  }
}
