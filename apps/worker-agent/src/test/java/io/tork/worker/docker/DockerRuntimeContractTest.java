package io.tork.worker.docker;

import com.github.dockerjava.api.DockerClient;
import io.tork.worker.core.Runtime;
import io.tork.worker.core.RuntimeContractTest;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The runtime contract against the local Docker engine; nothing may be left behind. */
class DockerRuntimeContractTest extends RuntimeContractTest {
  private static final String NODE = "docker-contract-test-" + UUID.randomUUID();
  private static DockerClient docker;
  private static DockerRuntime runtime;
  private static Optional<String> unreachable = Optional.empty();

  @BeforeAll
  static void connect() throws IOException {
    docker = DockerTestSupport.client();
    unreachable = DockerTestSupport.unreachable(docker);
    runtime = DockerRuntime.connect(NODE, "", "");
  }

  @AfterAll
  static void disconnect() throws IOException {
    runtime.close();
    docker.close();
  }

  @BeforeEach
  void engineIsUp() {
    Assumptions.assumeTrue(
        unreachable.isEmpty(), () -> "Docker daemon unreachable, skipping: " + unreachable.get());
  }

  @AfterEach
  void nothingLeftBehind() {
    if (unreachable.isEmpty()) {
      DockerTestSupport.assertNothingLabelled(docker, NODE);
    }
  }

  @Override
  protected Runtime runtime() {
    return runtime;
  }
}
