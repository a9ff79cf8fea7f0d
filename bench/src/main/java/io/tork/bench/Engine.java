package io.tork.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code tork standalone} as a child process, started the way a user starts it, with the bench
 * classpath (so that the {@code bench-noop} runtime is available). Its RSS is the engine's alone.
 */
final class Engine implements AutoCloseable {
  private final List<String> command;
  private final Path log;
  final int port;
  final int kafkaPort;
  private Process process;

  private Engine(List<String> command, Path log, int port, int kafkaPort) {
    this.command = command;
    this.log = log;
    this.port = port;
    this.kafkaPort = kafkaPort;
  }

  static Engine start(Path dataDir, String runtime, String queue, Api.Factory apis)
      throws IOException, InterruptedException {
    int port = freePort();
    int kafkaPort = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("-XX:+ExitOnOutOfMemoryError");
    // Extra JVM options for the engine, e.g. a flight recording while working on a figure.
    command.addAll(words("TORK_BENCH_ENGINE_OPTS"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.tork.standalone.Main");
    command.addAll(
        List.of(
            "standalone",
            "--port",
            String.valueOf(port),
            "--kafka-port",
            String.valueOf(kafkaPort),
            "--data-dir",
            dataDir.toString(),
            "--runtime",
            runtime,
            "--queue",
            queue));
    // Extra engine arguments, e.g. "--task-files copy" (standalone's default is auto).
    command.addAll(words("TORK_BENCH_ENGINE_ARGS"));
    Files.createDirectories(dataDir);
    Engine engine = new Engine(command, dataDir.resolve("engine.log"), port, kafkaPort);
    engine.launch(apis);
    return engine;
  }

  /** Starts the process and waits until the REST API answers; returns how long that took. */
  Duration launch(Api.Factory apis) throws IOException, InterruptedException {
    long begin = System.nanoTime();
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    Api api = apis.at(port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (!api.healthy()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("the engine did not start; see " + log);
      }
      TimeUnit.MILLISECONDS.sleep(50); // polling a process we started, not a test
    }
    return Duration.ofNanos(System.nanoTime() - begin);
  }

  /** The running engine process, for its CPU time. */
  ProcessHandle handle() {
    return process.toHandle();
  }

  String kafka() {
    return "127.0.0.1:" + kafkaPort;
  }

  /** Resident set size of the engine process, in MiB, from /proc. */
  long rssMb() throws IOException {
    for (String line :
        Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
      }
    }
    return -1;
  }

  /**
   * The engine's live heap, in MiB: what its heap holds after a full collection ({@code jcmd
   * GC.run}, then {@code GC.heap_info}).
   */
  long liveHeapMb() throws IOException, InterruptedException {
    jcmd("GC.run");
    String info = jcmd("GC.heap_info");
    java.util.regex.Matcher used = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
    if (!used.find()) {
      throw new IllegalStateException("no heap figure in: " + info);
    }
    return Long.parseLong(used.group(1)) / 1024;
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Process jcmd =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(process.pid()),
                command)
            .redirectErrorStream(true)
            .start();
    String out = new String(jcmd.getInputStream().readAllBytes());
    if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + command + " failed: " + out);
    }
    return out;
  }

  /** SIGTERM, and waits for a clean exit. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      stop();
    }
  }

  /** The words of an environment variable, split at white space; none when it is unset. */
  private static List<String> words(String variable) {
    String value = System.getenv(variable);
    return value == null || value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
