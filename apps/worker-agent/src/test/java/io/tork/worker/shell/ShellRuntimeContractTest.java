package io.tork.worker.shell;

import static io.tork.worker.core.TaskFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.TaskSpec;
import io.tork.worker.core.Execution;
import io.tork.worker.core.Runtime;
import io.tork.worker.core.RuntimeContractTest;
import io.tork.worker.core.TaskOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
}
