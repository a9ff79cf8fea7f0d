package io.tork.standalone;

import io.tork.model.Task;
import io.tork.worker.core.Execution;
import io.tork.worker.core.Runtime;
import io.tork.worker.core.Runtimes;
import io.tork.worker.core.TaskOutcome;

/**
 * TESTS ONLY ({@code --runtime test-instant}): completes every task at once with the task's name as
 * its output, without starting anything. For tests whose subject is the engine's handling of many
 * tasks (a job of 10,001 records), not how a task's process starts: the Docker and shell runtimes
 * have their own end-to-end tests. Found through {@code META-INF/services} of the test classpath
 * only.
 */
final class InstantRuntime implements Runtime {
  static final String NAME = "test-instant";

  @Override
  public TaskOutcome run(Task task, Execution execution) {
    return execution.isCancelled()
        ? new TaskOutcome.Failed("task cancelled")
        : new TaskOutcome.Succeeded(task.name());
  }

  /** Found by {@link Runtimes} through the test classpath's {@code META-INF/services}. */
  public static final class Provider implements Runtimes.Provider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public Runtime create(Runtimes.Options options) {
      return new InstantRuntime();
    }
  }
}
