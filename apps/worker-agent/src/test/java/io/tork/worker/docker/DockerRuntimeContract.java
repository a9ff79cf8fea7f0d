package io.tork.worker.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.worker.core.Runtime;
import io.tork.worker.core.RuntimeContractTest;
import io.tork.worker.core.Runtimes;
import io.tork.worker.core.TaskFilesMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The runtime contract against the local Docker engine, in one way of handing containers their
 * {@code /tork}; nothing may be left behind, in the engine or in the files root.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DockerRuntimeContract extends RuntimeContractTest {
  @RegisterExtension final DockerDaemon daemon = new DockerDaemon("docker-contract-test-");
  private DockerRuntime runtime;
  private Path filesRoot;

  abstract TaskFilesMode mode();

  @BeforeAll
  void connect() throws IOException {
    filesRoot = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "files");
    runtime =
        new DockerRuntime(
            DockerTestSupport.client(),
            Runtimes.Options.builder(daemon.node()).taskFiles(mode()).workdir(filesRoot).build());
  }

  @AfterAll
  void disconnect() throws IOException {
    runtime.close();
  }

  @BeforeEach
  void clearLines() {
    lines.clear(); // one instance serves every test of the class
  }

  @AfterEach
  void nothingLeftInTheFilesRoot() throws IOException {
    try (Stream<Path> nodeDirs = Files.list(filesRoot)) {
      for (Path nodeDir : nodeDirs.toList()) {
        try (Stream<Path> left = Files.list(nodeDir)) {
          assertThat(left).isEmpty();
        }
      }
    }
  }

  @Override
  protected Runtime runtime() {
    return runtime;
  }
}
