package io.tork.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** Docker: the engine's containers against the same containers started by the docker CLI. */
final class DockerScenario {
  private final Report report;
  private final boolean quick;
  private final Path work;
  private final Api.Factory apis;

  DockerScenario(Report report, boolean quick, Path work, Api.Factory apis) {
    this.report = report;
    this.quick = quick;
    this.work = work;
    this.apis = apis;
  }

  /**
   * Docker: the engine against `docker run --rm` in a shell loop and with xargs -P4, and against
   * the engine-API floor ({@link DockerApiFloor}) at the same two concurrencies.
   */
  void run() throws Exception {
    int count = quick ? 8 : 50;
    DockerApiFloor floor = new DockerApiFloor("tork-test/busybox:latest");
    floor.sequential(2, "echo", "hi"); // warm: the image's layers and the socket's path
    double apiSeq = floor.sequential(count, "echo", "hi");
    double apiC4 = floor.concurrent(count, 4, "echo", "hi");
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
    try (Engine engine = Engine.start(work.resolve("docker"), "docker", "default:4", apis)) {
      Api api = apis.at(engine.port);
      try (Views views = new Views(engine.kafka())) {
        // Warm: the Docker client's and the worker's paths compiled, the image known.
        Load.awaitEnded(views, Load.submitAll(api, 8, 4, "warm", "echo hi"), Duration.ofMinutes(2));
        for (int i = 0; i < 3; i++) {
          String id = api.submit(Load.oneTask("warm", "echo hi")).get(60, TimeUnit.SECONDS);
          Load.awaitEnded(views, List.of(id), Duration.ofMinutes(2));
        }
        long begin = System.nanoTime();
        for (int i = 0; i < count; i++) {
          String id = api.submit(Load.oneTask("docker seq", "echo hi")).get(60, TimeUnit.SECONDS);
          Load.awaitEnded(views, List.of(id), Duration.ofMinutes(2));
        }
        double engineSeq = (System.nanoTime() - begin) / 1e9;
        begin = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          ids.add(api.submit(Load.oneTask("docker c4", "echo hi")).get(60, TimeUnit.SECONDS));
        }
        Load.awaitEnded(views, ids, Duration.ofMinutes(5));
        double engineC4 = (System.nanoTime() - begin) / 1e9;
        report.put("docker_seq_ratio", engineSeq / rawSeq);
        report.put("docker_c4_ratio", (count / engineC4) / (count / rawC4));
        report.put("docker_seq_vs_api_floor", engineSeq / apiSeq);
        report.put("docker_c4_vs_api_floor", (count / engineC4) / (count / apiC4));
        report.row(
            "docker sequential (" + count + " x echo hi)",
            String.format(
                Locale.ROOT,
                "engine %.2f s, raw docker run %.2f s, engine API %.2f s",
                engineSeq,
                rawSeq,
                apiSeq),
            "<= 1.1 x raw, <= 1.2 x API",
            String.format(
                Locale.ROOT, "%.2f x raw, %.2f x API", engineSeq / rawSeq, engineSeq / apiSeq));
        report.row(
            "docker concurrency 4 (" + count + " x echo hi)",
            String.format(
                Locale.ROOT,
                "engine %.1f, raw xargs -P4 %.1f, engine API %.1f containers/s",
                count / engineC4,
                count / rawC4,
                count / apiC4),
            ">= 0.95 x raw",
            String.format(
                Locale.ROOT,
                "%.2f x raw, %.2f x API",
                (count / engineC4) / (count / rawC4),
                apiC4 / engineC4));
      }
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
}
