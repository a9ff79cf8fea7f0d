package io.tork.worker.docker;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The Docker engine for one test class, as a node of its own: a client open from before the first
 * test to after the last (runtimes made in {@code @BeforeAll} have it, and are closed first); each
 * test skipped, visibly, while the engine cannot be reached (failed with {@code CI=true}), and
 * checked to leave no container or volume of the node behind.
 */
final class DockerDaemon
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  private final String node;
  private DockerClient client;
  private Optional<String> unreachable = Optional.empty();

  /** A node named {@code prefix} and a random suffix. */
  DockerDaemon(String prefix) {
    node = prefix + UUID.randomUUID();
  }

  String node() {
    return node;
  }

  DockerClient client() {
    return client;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    client = DockerTestSupport.client();
    unreachable = DockerTestSupport.unreachable(client);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    // Per test rather than before all, so that each test is reported as skipped.
    Assumptions.assumeTrue(
        unreachable.isEmpty(), () -> "Docker daemon unreachable, skipping: " + unreachable.get());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (unreachable.isEmpty()) {
      DockerTestSupport.assertNothingLabelled(client, node);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (client != null) {
      client.close();
    }
  }
}
