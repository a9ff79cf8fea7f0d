package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.kafka.KafkaClients;
import io.tork.model.Limits;
import io.tork.model.Topics;
import io.tork.worker.core.MountPolicy;
import io.tork.worker.kafka.WorkerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One standalone engine (embedded broker, scheduler, gateway, worker) for all the tests of a class:
 * started before the first, closed after the last, on a data dir of its own that is deleted then.
 * Registered on a static field, with what the class needs changed from the defaults a user gets:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final StandaloneEngine engine =
 *     StandaloneEngine.docker().options(o -> o.withLimits(lower));
 * static final TorkApi api = engine.api();
 * }</pre>
 *
 * <p>Docker engines skip the class visibly without a Docker engine (fail with {@code CI=true}).
 */
final class StandaloneEngine implements BeforeAllCallback, AfterAllCallback {
  /** Changes the options the engine starts with; may prepare what they name (directories). */
  @FunctionalInterface
  interface Customizer {
    StandaloneOptions apply(StandaloneOptions defaults) throws Exception;
  }

  private final String runtime;
  private final Map<String, Integer> queues = new LinkedHashMap<>();
  private final Map<String, String> properties = new LinkedHashMap<>();
  private Callable<MountPolicy> mounts = () -> MountPolicy.DENY_BINDS;
  private Customizer customizer = options -> options;
  private Runnable requirement = () -> {};
  private boolean checkNoContainersLeft;
  private Path dataDir;
  private StandaloneOptions options;
  private Standalone running;

  private StandaloneEngine(String runtime) {
    this.runtime = runtime;
    queues.put("default", 4);
  }

  /** Tasks run in Docker containers, 4 at a time on the {@code default} queue. */
  static StandaloneEngine docker() {
    return new StandaloneEngine("docker");
  }

  /** Tasks run as processes of the host: no Docker needed. */
  static StandaloneEngine shell() {
    return new StandaloneEngine("shell");
  }

  /** The worker's queues and their concurrency, instead of {@code default: 4}. */
  StandaloneEngine queues(Map<String, Integer> other) {
    queues.clear();
    queues.putAll(other);
    return this;
  }

  /** One more queue of the worker, after those it has. */
  StandaloneEngine queue(String name, int concurrency) {
    queues.put(name, concurrency);
    return this;
  }

  /**
   * Which bind mounts tasks may have, asked when the engine starts: after JUnit set the static
   * {@code @TempDir} fields (its own extensions run first).
   */
  StandaloneEngine mounts(Callable<MountPolicy> other) {
    mounts = other;
    return this;
  }

  /** The options changed from the defaults, when the engine starts. */
  StandaloneEngine options(Customizer other) {
    customizer = other;
    return this;
  }

  /** A system property set before the engine starts and cleared after it stopped. */
  StandaloneEngine systemProperty(String key, String value) {
    properties.put(key, value);
    return this;
  }

  /** Something else the class needs (an assumption), checked before the engine starts. */
  StandaloneEngine requiring(Runnable other) {
    requirement = other;
    return this;
  }

  /** After the last test: the engine has left no container of its worker, running or not. */
  StandaloneEngine checkNoContainersLeft() {
    checkNoContainersLeft = true;
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    properties.forEach(System::setProperty);
    requirement.run();
    if (runtime.equals("docker")) {
      DockerCheck.requireDocker();
    }
    dataDir = Files.createTempDirectory("tork-it-");
    options =
        customizer.apply(
            StandaloneOptions.defaults(
                    dataDir, Collections.unmodifiableMap(new LinkedHashMap<>(queues)))
                .toBuilder()
                .runtime(runtime)
                .mounts(mounts.call())
                .build());
    running = Standalone.start(options);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    try {
      if (running != null) {
        String nodeId = running.nodeId();
        stop();
        if (checkNoContainersLeft) {
          assertThat(DockerCheck.nodeContainers(nodeId))
              .as("containers of node %s left behind", nodeId)
              .isEmpty();
        }
      }
    } finally {
      properties.keySet().forEach(System::clearProperty);
      if (dataDir != null) {
        delete(dataDir);
      }
    }
  }

  /** Closes the engine and starts it again on the same data dir, with the same options. */
  void restart() {
    stop();
    running = Standalone.start(options);
  }

  /** Closes the engine before the last test ends (its data dir stays until then). */
  void stop() {
    if (running != null) {
      Standalone closing = running;
      running = null;
      closing.close();
    }
  }

  /** A client of this engine's API, without credentials; it follows a restart. */
  TorkApi api() {
    return new TorkApi(this::port, "");
  }

  Path dataDir() {
    return dataDir;
  }

  int port() {
    return running().port();
  }

  String nodeId() {
    return running().nodeId();
  }

  String bootstrapServers() {
    return running().bootstrapServers();
  }

  /**
   * The settings of one more worker of this engine, on its broker and topics (plaintext clients,
   * unmetered), with the default limits.
   */
  WorkerSettings worker(
      String nodeId, Map<String, Integer> queues, String defaultCpus, String defaultMemory) {
    return new WorkerSettings(
        KafkaClients.to(bootstrapServers()),
        Topics.DEFAULT,
        nodeId,
        queues,
        12,
        (short) 1,
        defaultCpus,
        defaultMemory,
        WorkerSettings.DEFAULT_HEARTBEAT_INTERVAL,
        Limits.DEFAULTS);
  }

  /** The engine running now (a restart starts another). */
  Standalone running() {
    if (running == null) {
      throw new IllegalStateException("the standalone engine is not running");
    }
    return running;
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
