package io.tork.worker.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leases between real processes: a node has ended when its process has, and only then. */
class NodeLeaseTest {
  @TempDir Path workdir;

  /** Holds a lease until killed: the other process of these tests. */
  public static final class Holder {
    public static void main(String[] args) throws InterruptedException {
      try (NodeLease lease = NodeLease.take(Path.of(args[0]), args[1])) {
        System.out.println("held");
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(2)); // bounded: killed by the test long before
      }
    }
  }

  /** Takes a lease, prints the nodes it reaped, and ends. */
  public static final class Scanner {
    public static void main(String[] args) {
      try (NodeLease lease = NodeLease.take(Path.of(args[0]), args[1])) {
        System.out.println("reaped " + lease.reapEnded(id -> {}));
      }
    }
  }

  private Process start(Class<?> main, String nodeId) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            main.getName(),
            workdir.toString(),
            nodeId)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  /** The first line of the process's output that starts with {@code prefix}, within 30 s. */
  private static String awaitLine(Process process, String prefix) throws Exception {
    return CompletableFuture.supplyAsync(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  if (line.startsWith(prefix)) {
                    return line;
                  }
                }
                return "";
              } catch (IOException e) {
                return "";
              }
            })
        .get(30, TimeUnit.SECONDS);
  }

  @Test
  void aLiveNodeOfAnotherProcessIsLeftAloneAndReapedOnceItsProcessIsKilled() throws Exception {
    Process other = start(Holder.class, "other");
    try (NodeLease mine = NodeLease.take(workdir, "mine")) {
      assertThat(awaitLine(other, "held")).isEqualTo("held");
      List<String> reaped = new ArrayList<>();
      assertThat(mine.reapEnded(reaped::add)).isEmpty();
      assertThat(reaped).isEmpty();

      other.destroyForcibly(); // SIGKILL: the node had no chance to release anything
      assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> !mine.reapEnded(reaped::add).isEmpty());
      assertThat(reaped).containsExactly("other");
      assertThat(workdir.resolve(".leases/other.lock")).doesNotExist();
      assertThat(mine.reapEnded(reaped::add)).as("reaped once").isEmpty();
    } finally {
      other.destroyForcibly();
    }
  }

  @Test
  void nodesOfOneProcessNeverReapEachOther() throws Exception {
    try (NodeLease first = NodeLease.take(workdir, "first");
        NodeLease second = NodeLease.take(workdir, "second")) {
      assertThat(first.reapEnded(id -> {})).isEmpty();
      assertThat(second.reapEnded(id -> {})).isEmpty();
      // Scanning did not drop either lock (closing any handle of a file would): another process
      // still sees both nodes alive.
      Process scanner = start(Scanner.class, "scanner");
      assertThat(awaitLine(scanner, "reaped")).isEqualTo("reaped []");
      assertThat(scanner.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  /**
   * A stop releases the lease and leaves it: whatever the stop left behind is removed by the next
   * live worker, as after a crash.
   */
  @Test
  void aStoppedNodeIsReapedByTheNextLiveOne() {
    NodeLease.take(workdir, "stopped").close();
    try (NodeLease live = NodeLease.take(workdir, "live")) {
      assertThat(live.reapEnded(id -> {})).containsExactly("stopped");
    }
  }

  /** A reap that fails keeps the lease, so that a later scan tries again. */
  @Test
  void aFailedReapIsTriedAgain() {
    NodeLease.take(workdir, "ended").close();
    try (NodeLease live = NodeLease.take(workdir, "live")) {
      assertThat(
              live.reapEnded(
                  id -> {
                    throw new IllegalStateException("docker is down");
                  }))
          .isEmpty();
      assertThat(live.reapEnded(id -> {})).containsExactly("ended");
    }
  }

  /** Only leases are reaped: other files in a shared directory name no node. */
  @Test
  void strayFilesAreNoNodes() throws IOException {
    Files.createDirectories(workdir.resolve(".leases"));
    Files.writeString(workdir.resolve(".leases/.lock"), "");
    Files.writeString(workdir.resolve(".leases/...lock"), "");
    Files.writeString(workdir.resolve("pid.lock"), "");
    List<String> reaped = new ArrayList<>();
    try (NodeLease live = NodeLease.take(workdir, "live")) {
      assertThat(live.reapEnded(reaped::add)).isEmpty();
    }
    assertThat(reaped).isEmpty();
    assertThatThrownBy(() -> NodeLease.take(workdir, ".."))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
