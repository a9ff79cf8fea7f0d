package io.tork.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The benchmark harness: starts the engine itself (standalone, fresh data dir, as a child process),
 * measures each scenario after a warm-up next to its physical floor, prints a table and writes
 * {@code bench/results/latest.json} (and a dated copy).
 *
 * <p>{@code bench/run --quick} (smaller counts, under 3 minutes) or {@code bench/run} (the counts
 * of issue 5).
 */
public final class Bench {
  private static final JsonMapper JSON = JsonMapper.builder().build();
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
  private final Map<String, Object> figures = new LinkedHashMap<>();
  private final List<String> table = new ArrayList<>();
  private int jobsSoFar;

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
    new Bench(quick, only, work, results).run();
    System.exit(0);
  }

  private Api.Factory apis() {
    return port -> new Api(http, port);
  }

  private void run() throws Exception {
    figures.put("commit", System.getProperty("bench.commit", "unknown"));
    figures.put("mode", quick ? "quick" : "full");
    figures.put("at", Instant.now().toString());
    // The engine path without process start costs, then with a real process per task.
    try (Engine engine =
        Engine.start(
            work.resolve("noop"),
            NOOP,
            "default:" + Integer.getInteger("bench.slots", 8),
            apis())) {
      Api api = apis().at(engine.port);
      figures.put("rss_idle_mb", engine.rssMb());
      row("standalone RSS idle (started, no job yet)", engine.rssMb() + " MiB", "", "");
      warmUp(api, engine.kafka(), "true", quick ? 1500 : 5000);
      if (wanted("floors")) {
        floors(engine.kafka());
      }
      if (wanted("sequential")) {
        sequential(api, "noop", quick ? 60 : 200, "sequential_overhead_ms_p50");
      }
      if (wanted("latency")) {
        latency(api, engine.kafka(), "noop", quick ? 250 : 1000, "single_task_latency_ms");
      }
      if (wanted("throughput")) {
        throughput(api, engine.kafka(), "noop", quick ? 2000 : 20000, "throughput_tasks_per_s");
        figures.put("rss_load_mb", engine.rssMb());
        row("standalone RSS after throughput", engine.rssMb() + " MiB", "", "");
      }
      if (wanted("scale")) {
        scale(engine, api);
      }
    }
    if (wanted("shell")) {
      try (Engine engine = Engine.start(work.resolve("shell"), "shell", "default:8", apis())) {
        Api api = apis().at(engine.port);
        warmUp(api, engine.kafka(), "true", quick ? 200 : 1000);
        sequential(api, "shell", quick ? 30 : 200, "shell_sequential_overhead_ms_p50");
        latency(api, engine.kafka(), "shell", quick ? 100 : 500, "shell_single_task_latency_ms");
        throughput(
            api, engine.kafka(), "shell", quick ? 500 : 5000, "shell_throughput_tasks_per_s");
      }
    }
    if (wanted("docker")) {
      docker();
    }
    report();
  }

  private boolean wanted(String scenario) {
    return only.isEmpty() || only.contains(scenario);
  }

  /**
   * Runs the engine hot before anything is measured: a fresh JVM spends a third of its CPU in the
   * JIT compiler for its first few thousand jobs (broker, streams and clients in one process),
   * which measured the compiler, not the engine. A burst as fast as the engine takes it, then a few
   * seconds at the latency scenario's pace.
   */
  private void warmUp(Api api, String kafka, String run, int burst) throws Exception {
    try (Views views = new Views(kafka)) {
      List<String> ids = submitAll(api, burst, 32, "warm-up", run);
      awaitEnded(views, ids, Duration.ofMinutes(5));
      List<String> steady = paced(api, 250, "warm-up", run, new ConcurrentHashMap<>());
      awaitEnded(views, steady, Duration.ofMinutes(2));
      jobsSoFar += ids.size() + steady.size();
    }
  }

  /**
   * Submits {@code count} one-task jobs at 50 jobs/s, each POST sent on time whatever the answers
   * to the earlier ones; their ids, and in {@code postedAt} when each was sent (nanoTime).
   */
  private static List<String> paced(
      Api api, int count, String name, String run, Map<String, Long> postedAt) throws Exception {
    List<CompletableFuture<String>> posts = new ArrayList<>();
    long interval = TimeUnit.MILLISECONDS.toNanos(20);
    long next = System.nanoTime();
    for (int i = 0; i < count; i++) {
      while (System.nanoTime() < next) {
        Thread.onSpinWait();
      }
      long sent = System.nanoTime();
      posts.add(
          api.submit(oneTask(name, run))
              .thenApply(
                  id -> {
                    postedAt.put(id, sent);
                    return id;
                  }));
      next += interval;
    }
    List<String> ids = new ArrayList<>();
    for (CompletableFuture<String> post : posts) {
      ids.add(post.get(60, TimeUnit.SECONDS));
    }
    return ids;
  }

  /** Submits {@code count} one-task jobs with at most {@code inFlight} POSTs open; their ids. */
  private static List<String> submitAll(Api api, int count, int inFlight, String name, String run)
      throws Exception {
    Semaphore open = new Semaphore(inFlight);
    List<CompletableFuture<String>> posts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      open.acquire();
      posts.add(api.submit(oneTask(name, run)).whenComplete((id, e) -> open.release()));
    }
    List<String> ids = new ArrayList<>();
    for (CompletableFuture<String> post : posts) {
      ids.add(post.get(120, TimeUnit.SECONDS));
    }
    return ids;
  }

  private void floors(String kafka) throws Exception {
    Stats rtt = Floors.kafkaRoundTrip(kafka, quick ? 300 : 1000);
    figures.put("kafka_round_trip_ms_p50", rtt.p50());
    row("floor: Kafka produce -> consume", rtt.toString(), "", "");
    Stats hop =
        Floors.streamsHop(
            kafka, work.resolve("hop-state"), Duration.ofMillis(10), 5, quick ? 150 : 500);
    figures.put("streams_hop_ms_p50", hop.p50());
    row(
        "floor: Streams hop (EOS v2, commit 10 ms, poll 5 ms: the scheduler's)",
        hop.toString(),
        "",
        "");
    Stats defaults =
        Floors.streamsHop(
            kafka, work.resolve("hop-state-2"), Duration.ofMillis(10), 100, quick ? 60 : 200);
    figures.put("streams_hop_default_poll_ms_p50", defaults.p50());
    row("floor: same hop, default poll.ms 100", defaults.toString(), "", "");
  }

  /** One job of {@code count} tasks that do nothing, one after another. */
  private void sequential(Api api, String runtime, int count, String key) throws Exception {
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
    figures.put(key, stats.p50());
    figures.put(key.replace("_p50", "_mean"), perTask);
    row(
        "sequential overhead per task (" + runtime + ", " + count + " tasks)",
        stats + String.format(Locale.ROOT, "; (wall - run)/n = %.1f ms", perTask),
        runtime.equals("noop") ? "<= 20 ms" : "",
        ratio(stats.p50(), (Double) figures.get("streams_hop_ms_p50"), "streams hop"));
  }

  /** One-task jobs at a steady 50 jobs/s: POST -> COMPLETED seen on the view topic. */
  private void latency(Api api, String kafka, String runtime, int count, String key)
      throws Exception {
    Map<String, Long> postedAt = new ConcurrentHashMap<>();
    try (Views views = new Views(kafka)) {
      List<String> ids = paced(api, count, "latency", "true", postedAt);
      jobsSoFar += ids.size();
      awaitEnded(views, ids, Duration.ofMinutes(3));
      List<Double> latencies = new ArrayList<>();
      for (String id : ids) {
        latencies.add((views.endedAt.get(id) - postedAt.get(id)) / 1e6);
      }
      // Per second of submission, to tell a backlog from a slow path.
      for (int from = 0; from < latencies.size(); from += 50) {
        System.err.println(
            "latency, jobs "
                + from
                + "+: "
                + Stats.of(latencies.subList(from, Math.min(latencies.size(), from + 50))));
      }
      Stats stats = Stats.of(latencies);
      figures.put(key + "_p50", stats.p50());
      figures.put(key + "_p99", stats.p99());
      row(
          "single-task job POST -> COMPLETED at 50/s (" + runtime + ")",
          stats.toString(),
          runtime.equals("noop") ? "p50 <= 30, p99 <= 100 ms" : "",
          ratio(stats.p50(), (Double) figures.get("streams_hop_ms_p50"), "streams hop"));
    }
  }

  /** As many one-task jobs as the engine accepts; completions per second in the middle 80%. */
  private void throughput(Api api, String kafka, String runtime, int count, String key)
      throws Exception {
    try (Views views = new Views(kafka)) {
      long begin = System.nanoTime();
      List<String> ids = submitAll(api, count, 32, "throughput", "true");
      jobsSoFar += ids.size();
      double submitSeconds = (System.nanoTime() - begin) / 1e9;
      awaitEnded(views, ids, Duration.ofMinutes(10));
      long[] ends = ids.stream().mapToLong(views.endedAt::get).sorted().toArray();
      int from = ends.length / 10;
      int to = ends.length - 1 - ends.length / 10;
      double perSecond = (to - from) / ((ends[to] - ends[from]) / 1e9);
      long completed =
          ids.stream().filter(id -> "COMPLETED".equals(views.endState.get(id))).count();
      figures.put(key, perSecond);
      figures.put(key.replace("_per_s", "_completed"), completed);
      row(
          "throughput, one-task jobs (" + runtime + ", " + count + ")",
          String.format(
              Locale.ROOT,
              "%.0f tasks/s sustained; submitted at %.0f jobs/s; %d/%d COMPLETED",
              perSecond,
              count / submitSeconds,
              completed,
              count),
          runtime.equals("noop") ? ">= 1500 tasks/s" : "",
          "");
    }
  }

  /** Docker: the engine against `docker run --rm` in a shell loop and with xargs -P4. */
  private void docker() throws Exception {
    int count = quick ? 12 : 50;
    double rawSeq =
        seconds(
            "for i in $(seq "
                + count
                + "); do docker run --rm tork-test/busybox:latest echo hi >/dev/null; done");
    double rawC4 =
        seconds(
            "seq "
                + count
                + " | xargs -P4 -I{} docker run --rm tork-test/busybox:latest echo hi >/dev/null");
    try (Engine engine = Engine.start(work.resolve("docker"), "docker", "default:4", apis())) {
      Api api = apis().at(engine.port);
      try (Views views = new Views(engine.kafka())) {
        // Warm: the Docker client's and the worker's paths compiled, the image known.
        awaitEnded(views, submitAll(api, 8, 4, "warm", "echo hi"), Duration.ofMinutes(2));
        for (int i = 0; i < 3; i++) {
          String id = api.submit(oneTask("warm", "echo hi")).get(60, TimeUnit.SECONDS);
          awaitEnded(views, List.of(id), Duration.ofMinutes(2));
        }
        long begin = System.nanoTime();
        for (int i = 0; i < count; i++) {
          String id = api.submit(oneTask("docker seq", "echo hi")).get(60, TimeUnit.SECONDS);
          awaitEnded(views, List.of(id), Duration.ofMinutes(2));
        }
        double engineSeq = (System.nanoTime() - begin) / 1e9;
        begin = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          ids.add(api.submit(oneTask("docker c4", "echo hi")).get(60, TimeUnit.SECONDS));
        }
        awaitEnded(views, ids, Duration.ofMinutes(5));
        double engineC4 = (System.nanoTime() - begin) / 1e9;
        figures.put("docker_seq_ratio", engineSeq / rawSeq);
        figures.put("docker_c4_ratio", (count / engineC4) / (count / rawC4));
        row(
            "docker sequential (" + count + " x echo hi)",
            String.format(Locale.ROOT, "engine %.2f s, raw docker run %.2f s", engineSeq, rawSeq),
            "<= 1.2 x raw",
            String.format(Locale.ROOT, "%.2f x raw", engineSeq / rawSeq));
        row(
            "docker concurrency 4 (" + count + " x echo hi)",
            String.format(
                Locale.ROOT,
                "engine %.1f containers/s, raw xargs -P4 %.1f containers/s",
                count / engineC4,
                count / rawC4),
            ">= 0.9 x raw",
            String.format(Locale.ROOT, "%.2f x raw", (count / engineC4) / (count / rawC4)));
      }
    }
  }

  /** With the jobs of the earlier scenarios in the store: reads, and a restart. */
  private void scale(Engine engine, Api api) throws Exception {
    if (!quick) {
      // Fill the store up to 100,000 completed jobs.
      throughput(
          api, engine.kafka(), "noop, filling the store", 100_000 - jobsSoFar, "fill_tasks_per_s");
    }
    List<String> ids = new ArrayList<>();
    try (Views views = new Views(engine.kafka())) {
      for (int i = 0; i < 200; i++) {
        ids.add(api.submit(oneTask("read", "true")).get(60, TimeUnit.SECONDS));
      }
      awaitEnded(views, ids, Duration.ofMinutes(2));
    }
    Random random = new Random(1);
    List<Double> reads = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      long start = System.nanoTime();
      api.job(ids.get(random.nextInt(ids.size())));
      reads.add((System.nanoTime() - start) / 1e6);
    }
    Stats get = Stats.of(reads);
    figures.put("get_job_ms_p99", get.p99());
    row("GET /jobs/{id} with the store filled", get.toString(), "", "");
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
    figures.put("list_jobs_page_ms_p50", list.p50());
    figures.put("list_jobs_page_ms_p99", list.p99());
    row("GET /jobs page (size 10, pages 1-10) of " + total + " jobs", list.toString(), "", "");
    engine.stop();
    Duration restart = engine.launch(apis());
    long begin = System.nanoTime();
    api.job(ids.get(0));
    double firstRead = (System.nanoTime() - begin) / 1e6;
    figures.put("restart_to_serving_s", restart.toMillis() / 1000.0);
    row(
        "restart until the API serves",
        String.format(
            Locale.ROOT,
            "%.1f s (then the first GET of an old job: %.0f ms)",
            restart.toMillis() / 1000.0,
            firstRead),
        "",
        "");
  }

  private static String oneTask(String name, String run) {
    return "name: "
        + name
        + "\ntasks:\n- name: only\n  image: tork-test/busybox:latest\n  run: "
        + run
        + "\n";
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

  private static void awaitEnded(Views views, List<String> ids, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ids.stream().allMatch(views.endedAt::containsKey)) {
      if (System.nanoTime() > deadline) {
        long missing = ids.stream().filter(id -> !views.endedAt.containsKey(id)).count();
        throw new IllegalStateException(missing + " jobs did not end within " + timeout);
      }
      TimeUnit.MILLISECONDS.sleep(5); // the views thread records the ends
    }
  }

  private static double seconds(String script) throws IOException, InterruptedException {
    long begin = System.nanoTime();
    Process process = new ProcessBuilder("sh", "-c", script).inheritIO().start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("failed: " + script);
    }
    return (System.nanoTime() - begin) / 1e9;
  }

  private static String ratio(double value, Double floor, String name) {
    return floor == null ? "" : String.format(Locale.ROOT, "%.1f x %s", value / floor, name);
  }

  private void row(String figure, String value, String target, String ratio) {
    String line = String.format(Locale.ROOT, "| %s | %s | %s | %s |", figure, value, target, ratio);
    table.add(line);
    System.out.println(line);
  }

  private void report() throws IOException {
    System.out.println();
    System.out.println("| figure | measured | target | vs floor |");
    System.out.println("|---|---|---|---|");
    table.forEach(System.out::println);
    Files.createDirectories(results);
    String json = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(figures);
    Files.writeString(results.resolve("latest.json"), json);
    Files.writeString(
        results.resolve(LocalDate.now() + "-" + figures.get("commit") + ".json"), json);
    System.out.println();
    System.out.println(json);
  }
}
