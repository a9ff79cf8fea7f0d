package io.tork.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/**
 * Memory does not grow with history (issue 17, point 8): the same load through two fresh engines,
 * one that keeps 1,000 of its jobs (the rest have {@code autoDelete}, so the scheduler and the API
 * both let them go) and one that keeps them all. Each figure is taken once every job has ended and
 * the deleted ones are gone: the live heap after a full collection and the RSS. The engine that
 * keeps everything also gives {@code GET /jobs/{id}} and the restart to serving.
 */
final class History {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String NOOP = "bench-noop";

  private final Report report;
  private final Path work;
  private final Api.Factory apis;
  private final int total;
  private final int few;

  History(Report report, boolean quick, Path work, Api.Factory apis) {
    this.report = report;
    this.work = work;
    this.apis = apis;
    this.total = Integer.getInteger("bench.history", quick ? 20_000 : 250_000);
    this.few = 1_000;
  }

  /** What one engine measured. */
  private record Figures(
      int kept, long heapMb, long rssMb, Stats get, Duration restart, double firstReadMs) {}

  void run() throws Exception {
    Figures keepsFew = measure("history-few", few, false);
    Figures keepsAll = measure("history-all", total, true);
    for (Figures f : List.of(keepsFew, keepsAll)) {
      report.put("history_" + f.kept() + "_heap_mb", f.heapMb());
      report.put("history_" + f.kept() + "_rss_mb", f.rssMb());
      report.row(
          String.format(Locale.ROOT, "after %,d jobs, %,d kept: live heap, RSS", total, f.kept()),
          f.heapMb() + " MiB heap (after a full GC), " + f.rssMb() + " MiB RSS",
          f.kept() == total ? "within 20% of the 1,000-kept figures" : "",
          f.kept() == total
              ? String.format(
                  Locale.ROOT,
                  "heap %+.0f%%, RSS %+.0f%%",
                  100.0 * (f.heapMb() - keepsFew.heapMb()) / keepsFew.heapMb(),
                  100.0 * (f.rssMb() - keepsFew.rssMb()) / keepsFew.rssMb())
              : "");
    }
    report.put("history_get_job_ms_p99", keepsAll.get().p99());
    report.row(
        String.format(Locale.ROOT, "GET /jobs/{id} with %,d jobs kept", total),
        keepsAll.get().toString(),
        "p99 <= 20 ms",
        "");
    report.put("history_restart_to_serving_s", keepsAll.restart().toMillis() / 1000.0);
    report.row(
        String.format(Locale.ROOT, "restart until the API serves, %,d jobs kept", total),
        String.format(
            Locale.ROOT,
            "%.1f s (then the first GET of an old job: %.0f ms)",
            keepsAll.restart().toMillis() / 1000.0,
            keepsAll.firstReadMs()),
        "<= 30 s",
        "");
  }

  private Figures measure(String name, int kept, boolean restart) throws Exception {
    try (Engine engine = Engine.start(work.resolve(name), NOOP, "default:8", apis)) {
      Api api = apis.at(engine.port);
      List<String> keptIds;
      long begin = System.nanoTime();
      try (Views views = new Views(engine.kafka())) {
        // The same load either way: only how many of the jobs are kept differs.
        List<String> gone = Load.submitAll(api, total - kept, 32, document(true));
        keptIds = Load.submitAll(api, kept, 32, document(false));
        awaitEnded(views, total, Duration.ofMinutes(60));
        System.err.printf(
            Locale.ROOT,
            "%s: %,d jobs ended in %.0f s (%,d to be deleted)%n",
            name,
            total,
            (System.nanoTime() - begin) / 1e9,
            gone.size());
      }
      awaitListed(api, kept, Duration.ofMinutes(10));
      long heap = engine.liveHeapMb();
      long rss = engine.rssMb();
      System.err.printf(Locale.ROOT, "%s: live heap %d MiB, RSS %d MiB%n", name, heap, rss);
      Stats get = reads(api, keptIds);
      Duration restarted = Duration.ZERO;
      double firstRead = 0;
      if (restart) {
        engine.stop();
        restarted = engine.launch(apis);
        long read = System.nanoTime();
        api.job(keptIds.getFirst());
        firstRead = (System.nanoTime() - read) / 1e6;
      }
      return new Figures(kept, heap, rss, get, restarted, firstRead);
    }
  }

  private static String document(boolean deleted) {
    return "name: history\n"
        + (deleted ? "autoDelete:\n  after: 1s\n" : "")
        + "tasks:\n- name: only\n  image: tork-test/busybox:latest\n  run: \"true\"\n";
  }

  /** Every job of the load has been seen ended (counted, not searched: 250,000 ids). */
  private static void awaitEnded(Views views, int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (views.endedAt.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            (count - views.endedAt.size()) + " jobs did not end within " + timeout);
      }
      TimeUnit.MILLISECONDS.sleep(200); // the views thread records the ends
    }
  }

  /** The deleted jobs are gone from the API's listing: only the kept ones remain. */
  private static void awaitListed(Api api, int kept, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    int listed = -1;
    while (System.nanoTime() < deadline) {
      listed = JSON.readTree(api.get("/jobs?size=1").body()).path("totalItems").asInt();
      if (listed == kept) {
        return;
      }
      TimeUnit.SECONDS.sleep(1); // the scheduler deletes them one second after they completed
    }
    throw new IllegalStateException("the API lists " + listed + " jobs, expected " + kept);
  }

  private static Stats reads(Api api, List<String> ids) throws Exception {
    Random random = new Random(1);
    for (int i = 0; i < 200; i++) {
      api.job(ids.get(random.nextInt(ids.size()))); // warm the read path first
    }
    List<Double> reads = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      long start = System.nanoTime();
      api.job(ids.get(random.nextInt(ids.size())));
      reads.add((System.nanoTime() - start) / 1e6);
    }
    return Stats.of(reads);
  }
}
