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
    @Nullable Integer priority) {
  public JobDefaults {
    timeout = Strings.orEmpty(timeout);
    queue = Strings.orEmpty(queue);
  }

  /**
   * {@code task} with every field it left out taken from these defaults; a value it set, even
   * {@code priority: 0} or {@code retry: {limit: 0}}, is kept.
   */
  public TaskSpec applyTo(TaskSpec task) {
    TaskSpec.Builder out = task.toBuilder();
    if (task.retry() == null) {
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
    if (task.priority() == null) {
      out.priority(priority);
    }
    return out.build();
  }
}
