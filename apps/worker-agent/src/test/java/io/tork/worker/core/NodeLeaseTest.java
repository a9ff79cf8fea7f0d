package io.tork.worker.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leases between real processes: a node is dead when its process is, and only then. */
class NodeLeaseTest {
  @TempDir Path root;

  /** Holds a lease until killed: the other process of these tests. */
  public static final class Holder {
    public static void main(String[] args) throws InterruptedException {
      NodeLease.take(Path.of(args[0]), args[1]);
      System.out.println("held");
      System.out.flush();
      Thread.sleep(Duration.ofMinutes(2)); // bounded: killed by the test long before
    }
  }

  /** Takes a lease, prints the nodes it reaped, and ends. */
  public static final class Scanner {
    public static void main(String[] args) {
      try (NodeLease lease = NodeLease.take(Path.of(args[0]), args[1])) {
        System.out.println("reaped " + lease.reapDead(id -> {}));
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
            root.toString(),
            nodeId)
        .redirectErrorStream(true)
        .start();
  }

  private Process holder(String nodeId) throws IOException {
    Process process = start(Holder.class, nodeId);
    String first = new String(process.getInputStream().readNBytes(5));
    assertThat(first).isEqualTo("held\n");
    return process;
  }

  @Test
  void aLiveNodeOfAnotherProcessIsLeftAloneAndReapedOnceItsProcessIsKilled() throws Exception {
    Process other = holder("other");
    try (NodeLease mine = NodeLease.take(root, "mine")) {
      List<String> reaped = new ArrayList<>();
      assertThat(mine.reapDead(reaped::add)).isEmpty();
      assertThat(reaped).isEmpty();

      other.destroyForcibly(); // SIGKILL: the node had no chance to release anything
      assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> !mine.reapDead(reaped::add).isEmpty());
      assertThat(reaped).containsExactly("other");
      assertThat(root.resolve("other.lock")).doesNotExist();
      assertThat(mine.reapDead(reaped::add)).as("reaped once").isEmpty();
    } finally {
      other.destroyForcibly();
    }
  }

  @Test
  void nodesOfOneProcessNeverReapEachOther() throws Exception {
    try (NodeLease first = NodeLease.take(root, "first");
        NodeLease second = NodeLease.take(root, "second")) {
      assertThat(first.reapDead(id -> {})).isEmpty();
      assertThat(second.reapDead(id -> {})).isEmpty();
      // Scanning did not drop either lock (closing any handle of a file would): another process
      // still sees both nodes alive.
      Process scanner = start(Scanner.class, "scanner");
      String out = new String(scanner.getInputStream().readAllBytes());
      assertThat(scanner.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(out).contains("reaped []");
    }
  }

  @Test
  void aGracefulStopLeavesNoLease() throws IOException {
    NodeLease lease = NodeLease.take(root, "gone");
    assertThat(root.resolve("gone.lock")).exists();
    lease.close();
    try (var files = Files.list(root)) {
      assertThat(files).isEmpty();
    }
  }
}
