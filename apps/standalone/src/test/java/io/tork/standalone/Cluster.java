package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A distributed engine made of real processes on 127.0.0.1: Kafka brokers from {@code
 * infra/local-cluster}, and schedulers, gateways and workers each in its own JVM ({@code tork
 * scheduler|gateway|worker}). Any of them can be killed with -9 and started again.
 */
final class Cluster implements AutoCloseable {
  private static final Pattern WORKER_STARTED = Pattern.compile("worker started nodeId=\"(\\w+)\"");

  private final Path dir;
  private final String kafka;
  private final Duration heartbeatInterval;
  private final Duration nodeExpiry;
  private final List<Node> nodes = new ArrayList<>();
  private int spawned;

  /** One engine process; {@link #restart} starts a new process with the same arguments. */
  final class Node {
    final String name;
    final String role;
    private final List<String> args;
    private ChildProcess process;
    private String nodeId;
    private final int port;

    private Node(String name, String role, List<String> args, int port) {
      this.name = name;
      this.role = role;
      this.args = args;
      this.port = port;
    }

    /** The worker's node id, as its tasks' execution records carry it. */
    String nodeId() {
      return nodeId;
    }

    TorkApi api() {
      return new TorkApi(port);
    }

    boolean isAlive() {
      return process != null && process.isAlive();
    }

    /** The first line of its output that {@code pattern} finds, once there is one. */
    Matcher awaitOutput(Pattern pattern, Duration timeout) {
      return process.awaitOutput(pattern, timeout);
    }

    /** kill -9. */
    void kill() throws InterruptedException {
      process.kill();
    }

    /** SIGTERM, and waits for the process to end. */
    void stop() throws InterruptedException {
      process.close();
    }

    /** Starts the process again (a worker comes back as a new node). */
    Node restart() throws Exception {
      launch(this);
      return this;
    }

    @Override
    public String toString() {
      return name + (nodeId == null ? "" : " (" + nodeId + ")");
    }
  }

  private Cluster(Path dir, String kafka, Duration heartbeatInterval, Duration nodeExpiry) {
    this.dir = dir;
    this.kafka = kafka;
    this.heartbeatInterval = heartbeatInterval;
    this.nodeExpiry = nodeExpiry;
  }

  /** Starts {@code brokers} brokers (RF 3, min ISR 2 from three brokers on) and nothing else. */
  static Cluster start(Path dir, int brokers, Duration heartbeatInterval, Duration nodeExpiry)
      throws Exception {
    ChildProcess.deleteTree(dir);
    Files.createDirectories(dir);
    DockerCheck.Result cluster =
        localCluster("start", "--brokers", String.valueOf(brokers), "--dir", dir.resolve("kafka"));
    assertThat(cluster.exitCode()).as(cluster.output()).isZero();
    String kafka = cluster.output().strip().lines().reduce((a, b) -> b).orElseThrow();
    return new Cluster(dir, kafka, heartbeatInterval, nodeExpiry);
  }

  Duration nodeExpiry() {
    return nodeExpiry;
  }

  /** The brokers' bootstrap servers. */
  String kafka() {
    return kafka;
  }

  Node scheduler(String instance) throws Exception {
    return add(
        new Node(
            "scheduler-" + instance,
            "scheduler",
            List.of(
                "--state-dir",
                dir.resolve("state-" + instance).toString(),
                "--instance-id",
                instance,
                "--node-expiry",
                nodeExpiry.toMillis() + "ms"),
            0));
  }

  Node gateway(String name) throws Exception {
    int port = ChildProcess.freePort();
    // Its view on disk in the cluster's directory, where a restart after a kill finds it again.
    return add(
        new Node(
            "gateway-" + name,
            "gateway",
            List.of(
                "--port",
                String.valueOf(port),
                "--state-dir",
                dir.resolve("gateway-" + name).toString()),
            port));
  }

  /** Whether any process of this cluster has logged {@code text}. */
  boolean anyLogContains(String text) throws IOException {
    try (var logs = Files.list(dir)) {
      for (Path log : logs.filter(f -> f.toString().endsWith(".log")).toList()) {
        if (Files.readString(log).contains(text)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The working directory all workers of this cluster share, as workers of one host do. */
  Path workdir() {
    return dir.resolve("work");
  }

  Node worker(String name, String queue) throws Exception {
    return add(
        new Node(
            "worker-" + name,
            "worker",
            List.of("--queue", queue, "--workdir", workdir().toString()),
            0));
  }

  private Node add(Node node) throws Exception {
    nodes.add(node);
    launch(node);
    return node;
  }

  private void launch(Node node) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(node.role);
    command.addAll(
        List.of(
            "--kafka",
            kafka,
            "--replication-factor",
            "3",
            "--heartbeat-interval",
            heartbeatInterval.toMillis() + "ms"));
    command.addAll(node.args);
    Path log = dir.resolve(node.name + "-" + (++spawned) + ".log");
    // Workers log each task they take at DEBUG: the tests wait for those lines.
    List<String> jvm =
        node.role.equals("worker") ? List.of("-DTORK_LOG_LEVEL=debug") : List.<String>of();
    node.process = ChildProcess.start(log, jvm, command.toArray(String[]::new));
    if (node.role.equals("worker")) {
      Matcher started = node.process.awaitOutput(WORKER_STARTED, Duration.ofSeconds(90));
      node.nodeId = started.group(1);
    }
  }

  void killBroker(int broker) {
    brokerCommand("kill", broker);
  }

  void restartBroker(int broker) {
    brokerCommand("restart", broker);
  }

  private void brokerCommand(String command, int broker) {
    DockerCheck.Result result =
        localCluster(command, "--dir", dir.resolve("kafka"), "--broker", String.valueOf(broker));
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  /** {@code infra/local-cluster args...}, its brokers started with the tests' JVM options. */
  private static DockerCheck.Result localCluster(Object... args) {
    List<String> command = new ArrayList<>(List.of("../../infra/local-cluster"));
    for (Object arg : args) {
      command.add(arg.toString());
    }
    return DockerCheck.run(
        command, Map.of("TORK_BROKER_JAVA_OPTS", String.join(" ", ChildProcess.JVM_OPTIONS)));
  }

  @Override
  public void close() throws Exception {
    for (Node node : nodes) {
      if (node.process != null) {
        node.process.close();
      }
    }
    localCluster("stop", "--dir", dir.resolve("kafka"));
    // Containers of killed workers outlive them until a live worker of the host removes them.
    DockerCheck.run(
        List.of("sh", "-c", "docker ps -aq --filter label=tork.task | xargs -r docker rm -f"));
  }
}
