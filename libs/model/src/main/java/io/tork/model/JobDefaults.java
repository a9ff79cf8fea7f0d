package io.tork.model;

import org.jspecify.annotations.Nullable;

/**
 * {@code defaults: {retry, limits, timeout, queue, priority}}: applied when a task is scheduled to
 * each regular task that leaves the field empty.
 */
public record JobDefaults(
    @Nullable RetrySpec retry,
    @Nullable LimitsSpec limits,
    String timeout,
    String queue,
    Integer priority) {
  public JobDefaults {
    timeout = Strings.orEmpty(timeout);
    queue = Strings.orEmpty(queue);
    priority = priority == null ? 0 : priority;
  }

  /** {@code task} with every field it leaves empty taken from these defaults. */
  public TaskSpec applyTo(TaskSpec task) {
    TaskSpec.Builder out = task.toBuilder();
    if (task.retry() == null || task.retry().limit() == 0) {
      out.retry(retry);
    }
    if (task.limits() == null) {
      out.limits(limits);
    } else if (limits != null) {
      out.limits(
          new LimitsSpec(
              task.limits().cpus().isEmpty() ? limits.cpus() : task.limits().cpus(),
              task.limits().memory().isEmpty() ? limits.memory() : task.limits().memory()));
    }
    if (task.timeout().isEmpty()) {
      out.timeout(timeout);
    }
    if (task.queue().isEmpty()) {
      out.queue(queue);
    }
    if (task.priority() == 0) {
      out.priority(priority);
    }
    return out.build();
  }
}
