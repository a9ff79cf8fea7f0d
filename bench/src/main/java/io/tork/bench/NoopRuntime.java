package io.tork.bench;

import io.tork.model.Task;
import io.tork.worker.core.Execution;
import io.tork.worker.core.Runtime;
import io.tork.worker.core.Runtimes;
import io.tork.worker.core.TaskOutcome;

/**
 * BENCHMARK ONLY ({@code --runtime bench-noop}): completes every task at once without starting
 * anything, so that a benchmark measures the engine's own path (REST, jobs topic, scheduler, queue
 * topic, worker consumer group, event, scheduler, view) without process start costs. It lives in
 * the bench module and is never on a production classpath.
 */
final class NoopRuntime implements Runtime {
  @Override
  public TaskOutcome run(Task task, Execution execution) {
    return execution.isCancelled()
        ? new TaskOutcome.Failed("task cancelled")
        : new TaskOutcome.Succeeded("");
  }

  /** Found by {@link Runtimes} through {@code META-INF/services}. */
  public static final class Provider implements Runtimes.Provider {
    @Override
    public String name() {
      return "bench-noop";
    }

    @Override
    public Runtime create(Runtimes.Options options) {
      return new NoopRuntime();
    }
  }
}
