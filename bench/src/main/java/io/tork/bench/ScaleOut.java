package io.tork.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The throughput scenario on the distributed shape: a broker of its own ({@code
 * infra/local-cluster}, one broker), the scheduler, the gateway and the workers each a process of
 * its own, as `tork scheduler|gateway|worker` runs them. One of each, then the same with two
 * workers; the ratio of the two throughputs, and the CPU each process used.
 */
final class ScaleOut {
  private static final String NOOP = "bench-noop";

  private final Report report;
  private final boolean quick;
  private final Path work;
  private final Api.Factory apis;

  ScaleOut(Report report, boolean quick, Path work, Api.Factory apis) {
    this.report = report;
    this.quick = quick;
    this.work = work;
    this.apis = apis;
  }

  void run() throws Exception {
    int count = quick ? 2000 : 20000;
    double one = measure(1, count);
    double two = measure(2, count);
    report.put("throughput_scale_out_ratio", two / one);
    report.row(
        "scale-out: two workers against one (processes apart, " + count + " jobs)",
        String.format(Locale.ROOT, "%.0f vs %.0f tasks/s", two, one),
        "",
        String.format(Locale.ROOT, "%.2f x", two / one));
  }

  /** Throughput (tasks/s, middle 80% of completions) with {@code workers} worker processes. */
  private double measure(int workers, int count) throws Exception {
    Path dir = work.resolve("scale-out-" + workers);
    Files.createDirectories(dir);
    String kafka =
        localCluster("start", "--brokers", "1", "--dir", dir.resolve("kafka").toString());
    Map<String, Node> nodes = new LinkedHashMap<>();
    try {
      long brokerPid = Long.parseLong(Files.readString(dir.resolve("kafka/broker-1/pid")).strip());
      int port = freePort();
      nodes.put(
          "scheduler",
          Node.start(dir, "scheduler", kafka, "--state-dir", dir.resolve("s").toString()));
      nodes.put(
          "gateway",
          Node.start(
              dir,
              "gateway",
              kafka,
              "--port",
              String.valueOf(port),
              "--state-dir",
              dir.resolve("g").toString()));
      for (int i = 1; i <= workers; i++) {
        nodes.put(
            "worker-" + i,
            Node.start(
                dir,
                "worker",
                kafka,
                "--runtime",
                NOOP,
                "--queue",
                "default:8",
                "--workdir",
                dir.resolve("w" + i).toString()));
      }
      Api api = apis.at(port);
      awaitHealthy(api, nodes.get("gateway"));
      for (int i = 1; i <= workers; i++) {
        nodes.get("worker-" + i).awaitLog("worker started");
      }
      try (Views views = new Views(kafka)) {
        Load.awaitEnded(views, Load.submitAll(api, 500, 32, "warm", "true"), Duration.ofMinutes(5));
        Map<String, Long> cpuBefore = new LinkedHashMap<>();
        nodes.forEach((name, node) -> cpuBefore.put(name, cpuNanos(node.process.toHandle())));
        long brokerBefore = cpuNanos(ProcessHandle.of(brokerPid).orElseThrow());
        List<String> ids = Load.submitAll(api, count, 32, "scale-out", "true");
        Load.awaitEnded(views, ids, Duration.ofMinutes(10));
        long[] ends = ids.stream().mapToLong(views.endedAt::get).sorted().toArray();
        int from = ends.length / 10;
        int to = ends.length - 1 - ends.length / 10;
        double perSecond = (to - from) / ((ends[to] - ends[from]) / 1e9);
        List<String> cpu = new ArrayList<>();
        nodes.forEach(
            (name, node) ->
                cpu.add(
                    String.format(
                        Locale.ROOT,
                        "%s %.2f",
                        name,
                        (cpuNanos(node.process.toHandle()) - cpuBefore.get(name)) / 1e6 / count)));
        cpu.add(
            String.format(
                Locale.ROOT,
                "broker %.2f",
                (cpuNanos(ProcessHandle.of(brokerPid).orElseThrow()) - brokerBefore)
                    / 1e6
                    / count));
        String key = "throughput_distributed_" + workers + "_workers";
        report.put(key + "_tasks_per_s", perSecond);
        report.row(
            "throughput, processes apart, " + workers + " worker(s) (noop, " + count + ")",
            String.format(Locale.ROOT, "%.0f tasks/s", perSecond),
            "",
            "");
        report.row(
            "CPU per job, processes apart, " + workers + " worker(s)",
            String.join(", ", cpu) + " ms",
            "",
            "");
        return perSecond;
      }
    } finally {
      for (Node node : nodes.values()) {
        node.stop();
      }
      localCluster("stop", "--dir", dir.resolve("kafka").toString());
    }
  }

  private static void awaitHealthy(Api api, Node gateway) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (!api.healthy()) {
      if (!gateway.process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("the gateway did not start; see " + gateway.log);
      }
      TimeUnit.MILLISECONDS.sleep(50); // polling a process we started, not a test
    }
  }

  /**
   * {@code infra/local-cluster args...}; its last line of output (start: the bootstrap servers).
   */
  private static String localCluster(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("infra/local-cluster"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException("infra/local-cluster " + String.join(" ", args) + ": " + out);
    }
    return out.strip().lines().reduce((a, b) -> b).orElse("");
  }

  private static long cpuNanos(ProcessHandle process) {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** One engine process (`tork ROLE --kafka K ...`), its output in a log of its own. */
  private record Node(Process process, Path log) {
    static Node start(Path dir, String role, String kafka, String... args) throws IOException {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx512m");
      command.add("-XX:+ExitOnOutOfMemoryError");
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add("io.tork.standalone.Main");
      command.add(role);
      command.add("--kafka");
      command.add(kafka);
      command.addAll(List.of(args));
      Path log = dir.resolve(role + "-" + System.nanoTime() + ".log");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      return new Node(process, log);
    }

    void awaitLog(String text) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (!Files.readString(log).contains(text)) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(text + ": not seen in " + log);
        }
        TimeUnit.MILLISECONDS.sleep(50); // polling a process we started, not a test
      }
    }

    void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }
}
