package io.tork.worker.shell;

import static io.tork.worker.core.TaskFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.SidecarSpec;
import io.tork.model.TaskSpec;
import io.tork.worker.core.Execution;
import io.tork.worker.core.Runtime;
import io.tork.worker.core.RuntimeContractTest;
import io.tork.worker.core.TaskOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime contract with scripts run by the host's shell; working directories are removed. */
class ShellRuntimeContractTest extends RuntimeContractTest {
  @TempDir Path root;
  private ShellRuntime runtime;

  @BeforeEach
  void create() {
    runtime = ShellRuntime.create(root);
  }

  @Override
  protected Runtime runtime() {
    return runtime;
  }

  @Test
  void eachTaskRunsInAFreshWorkingDirectoryThatIsRemovedAfterwards() throws Exception {
    TaskSpec spec = TaskSpec.of("t", "ignored", "echo data > file; pwd > $TORK_OUTPUT");
    TaskOutcome outcome = runtime.run(task(spec), new Execution(Duration.ZERO, line -> {}));
    String dir = ((TaskOutcome.Succeeded) outcome).result().strip();
    assertThat(dir).startsWith(root.toString());
    assertThat(Files.exists(Path.of(dir))).as("removed").isFalse();
    try (var left = Files.list(root)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void sidecarsAndGpusAreRefusedBeforeAnythingRuns() throws Exception {
    TaskSpec withSidecar =
        TaskSpec.of("t", "ignored", "echo ran > $TORK_OUTPUT").toBuilder()
            .sidecars(List.of(SidecarSpec.of("web", "tork-test/busybox", "httpd -f")))
            .build();
    assertThat(runtime.run(task(withSidecar), new Execution(Duration.ZERO, line -> {})))
        .isEqualTo(
            new TaskOutcome.Failed(
                "sidecars cannot run on the shell runtime (no containers here)"));
    TaskSpec withGpus = TaskSpec.of("t", "ignored", "true").toBuilder().gpus("all").build();
    assertThat(runtime.run(task(withGpus), new Execution(Duration.ZERO, line -> {})))
        .isEqualTo(
            new TaskOutcome.Failed("gpus cannot run on the shell runtime (no containers here)"));
    try (var left = Files.list(root)) {
      assertThat(left).isEmpty();
    }
  }
}
