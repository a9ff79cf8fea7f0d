package io.tork.worker.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.tork.model.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The engine the tests run against, and builders for the tasks they run. */
final class DockerTestSupport {
  /** Local only (FROM scratch + static busybox): nothing can be pulled in the test environment. */
  private DockerTestSupport() {}

  /** A client of the engine named by DOCKER_HOST (default: the local socket). */
  static DockerClient client() throws IOException {
    // surefire points java.io.tmpdir at target/tmp, which may not exist yet.
    Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    return DockerClientImpl.getInstance(
        config,
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .build());
  }

  /**
   * Why the engine cannot be reached; empty when it can. With {@code CI=true} an unreachable engine
   * fails the tests instead: CI must not go green by skipping them.
   */
  static Optional<String> unreachable(DockerClient docker) {
    try {
      docker.pingCmd().exec();
      return Optional.empty();
    } catch (RuntimeException e) {
      if ("true".equals(System.getenv("CI"))) {
        fail("CI=true but the Docker daemon is unreachable", e);
      }
      return Optional.of(e.toString());
    }
  }

  static void assertNothingLabelled(DockerClient docker, String node) {
    assertThat(
            docker
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(DockerRuntime.NODE_LABEL, node))
                .exec())
        .isEmpty();
    List<InspectVolumeResponse> volumes =
        docker
            .listVolumesCmd()
            .withFilter("label", List.of(DockerRuntime.NODE_LABEL + "=" + node))
            .exec()
            .getVolumes();
    assertThat(volumes == null ? List.of() : volumes).isEmpty();
    assertThat(
            docker
                .listNetworksCmd()
                .withFilter("label", List.of(DockerRuntime.NODE_LABEL + "=" + node))
                .exec())
        .isEmpty();
  }

  /** The task's running container, once there is one. */
  static Optional<InspectContainerResponse> runningContainer(DockerClient docker, Task task) {
    return docker
        .listContainersCmd()
        .withLabelFilter(Map.of(DockerRuntime.TASK_LABEL, task.id()))
        .exec()
        .stream()
        .findFirst()
        .map(container -> docker.inspectContainerCmd(container.getId()).exec());
  }
}
