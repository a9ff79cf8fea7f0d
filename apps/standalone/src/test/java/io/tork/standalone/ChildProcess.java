package io.tork.standalone;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The {@code tork} command in a separate JVM, for tests that kill processes. */
final class ChildProcess implements AutoCloseable {
  /**
   * JVM options of every process a test starts (engine processes here, brokers through {@code
   * TORK_BROKER_JAVA_OPTS}). Tests start up to 11 JVMs at once on 2 cores, where start-up CPU is
   * what they wait for: the C1 compiler alone and the serial collector cut a gateway's start from
   * 9.0 to 5.6 s of CPU and three brokers' from 26 to 16 s. Their steady load is a few jobs a
   * second, which C1 code carries. A process out of memory exits at once, as the engine's own do.
   */
  static final List<String> JVM_OPTIONS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");

  /**
   * The encryption key of every engine process this test JVM starts (in {@code
   * TORK_ENCRYPTION_KEY}): the gateways, schedulers and workers of one engine share one (ADR 45).
   */
  static final String ENCRYPTION_KEY = newKey();

  private final Process process;
  private final Path log;

  private static String newKey() {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    return java.util.Base64.getEncoder().encodeToString(key);
  }

  private ChildProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static ChildProcess start(Path log, String... args) throws IOException {
    return start(log, List.of(), args);
  }

  /** As {@link #start(Path, String...)}, with extra JVM options (system properties, say). */
  static ChildProcess start(Path log, List<String> jvmOptions, String... args) throws IOException {
    List<String> what = new ArrayList<>(jvmOptions);
    what.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.tork.standalone.Main"));
    return launch(log, what, args);
  }

  /** Another main class of the tests' class path (a Kafka broker, Kafka's storage tool). */
  static ChildProcess startMain(Path log, String mainClass, String... args) throws IOException {
    return launch(log, List.of("-cp", System.getProperty("java.class.path"), mainClass), args);
  }

  /** Waits for the process to end; its exit code. */
  int waitFor(java.time.Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("still running after " + timeout + ": " + log);
    }
    return process.exitValue();
  }

  /** {@code java -jar jar args...}: an app module's own runnable jar. */
  static ChildProcess startJar(Path log, Path jar, String... args) throws IOException {
    return launch(log, List.of("-jar", jar.toString()), args);
  }

  /** {@code java} with the tests' JVM options, then {@code what}, then {@code args}. */
  private static ChildProcess launch(Path log, List<String> what, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(JVM_OPTIONS);
    command.addAll(what);
    command.addAll(List.of(args));
    Files.createDirectories(log.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putIfAbsent("TORK_ENCRYPTION_KEY", ENCRYPTION_KEY);
    // Several engine processes share this host (and other test runs): each takes any free metrics
    // port unless its arguments name one.
    builder.environment().putIfAbsent("TORK_METRICS_PORT", "0");
    Process process = builder.start();
    return new ChildProcess(process, log);
  }

  /** kill -9: no shutdown hook runs, nothing is cleaned up. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** The exit code, once the process has ended by itself within {@code timeout}. */
  int awaitExit(java.time.Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("still running after " + timeout + ": " + log);
    }
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String output() throws IOException {
    return Files.readString(log);
  }

  /** Waits until the process has printed a line matching {@code pattern}; fails if it dies. */
  java.util.regex.Matcher awaitOutput(java.util.regex.Pattern pattern, java.time.Duration timeout) {
    return org.awaitility.Awaitility.await()
        .atMost(timeout)
        .pollInterval(java.time.Duration.ofMillis(100))
        .failFast("process ended: " + log, () -> !process.isAlive())
        .until(() -> pattern.matcher(output()), java.util.regex.Matcher::find);
  }

  /** Removes {@code dir} and everything in it, if it exists (a previous run's leftovers). */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** SIGTERM, then waits for a clean exit. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
