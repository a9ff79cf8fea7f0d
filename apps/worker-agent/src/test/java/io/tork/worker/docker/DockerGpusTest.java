package io.tork.worker.docker;

import static io.tork.worker.core.TaskFixtures.IMAGE;
import static io.tork.worker.core.TaskFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.DeviceRequest;
import io.tork.model.GpuRequest;
import io.tork.model.TaskSpec;
import io.tork.worker.core.Execution;
import io.tork.worker.core.Runtimes;
import io.tork.worker.core.TaskFilesMode;
import io.tork.worker.core.TaskOutcome;
import io.tork.worker.core.TaskSteps;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code gpus} against the local engine, which has no GPU runtime. */
class DockerGpusTest {
  @RegisterExtension static final DockerDaemon daemon = new DockerDaemon("docker-gpus-test-");
  private static final String NODE = daemon.node();

  private static DockerClient docker;
  private static Runtimes.Options options;
  private static DockerRuntime runtime;

  @BeforeAll
  static void connect() throws IOException {
    docker = daemon.client();
    options =
        Runtimes.Options.builder(NODE)
            .taskFiles(TaskFilesMode.COPY)
            .workdir(Path.of(System.getProperty("java.io.tmpdir")))
            .build();
    runtime = DockerRuntime.connect(options);
  }

  @AfterAll
  static void disconnect() {
    runtime.close();
  }

  @Test
  void withoutAGpuRuntimeTheTaskFailsNamingGpus() {
    TaskSpec spec = TaskSpec.builder().name("t").image(IMAGE).run("echo ran").gpus("all").build();
    TaskOutcome outcome = runtime.run(task(spec), new Execution(Duration.ZERO, line -> {}));
    assertThat(outcome).isInstanceOf(TaskOutcome.Failed.class);
    assertThat(((TaskOutcome.Failed) outcome).error())
        .startsWith("gpus: cannot start the container with GPUs ('all'): ");
  }

  @Test
  void theRequestIsOnTheCreatedContainer() {
    TaskSpec spec =
        TaskSpec.builder()
            .name("t")
            .image(IMAGE)
            .run("true")
            .gpus("device=0,1,driver=nvidia")
            .build();
    TaskSteps.Step step =
        new TaskSteps.Step(
            "task", IMAGE, "true", Map.of(), true, List.of(), List.of(), Map.of(), "");
    TaskMounts mounts =
        ((TaskMounts.Prepared.Allowed)
                TaskMounts.prepare(spec, options.mounts(), options.isolation()))
            .mounts();
    ContainerSpec container =
        new ContainerSpec(
            step,
            Map.of(DockerRuntime.NODE_LABEL, NODE),
            List.of(),
            mounts,
            List.of(),
            ResourceLimits.of("", ""),
            Hardening.of(options.isolation()),
            "",
            spec.gpus());
    try (TorkDir tork = new CopiedTorkDir(docker, new ContainerFiles(docker), step)) {
      String id = ContainerCreation.create(docker, container, tork);
      try {
        List<DeviceRequest> requests =
            docker.inspectContainerCmd(id).exec().getHostConfig().getDeviceRequests();
        assertThat(requests).hasSize(1);
        DeviceRequest request = requests.getFirst();
        assertThat(request.getDeviceIds()).containsExactly("0", "1");
        assertThat(request.getDriver()).isEqualTo("nvidia");
        assertThat(request.getCapabilities()).containsExactly(List.of("gpu"));
        assertThat(request.getCount()).isZero();
      } finally {
        docker.removeContainerCmd(id).withForce(true).exec();
      }
    }
  }

  @Test
  void allIsACountOfMinusOneAsDockerSends() {
    DeviceRequest request = ContainerCreation.deviceRequest(GpuRequest.parse("all"));
    assertThat(request.getCount()).isEqualTo(-1);
    assertThat(request.getCapabilities()).containsExactly(List.of("gpu"));
  }
}
