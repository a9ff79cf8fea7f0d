package io.tork.scheduler.core;

import io.tork.model.Job;
import io.tork.model.Task;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one input changes: the job's new state (absent when unchanged), the task records to store
 * (new or changed), and the tasks to hand to workers.
 */
public record Decision(@Nullable Job job, List<Task> tasks, List<Task> dispatches) {
  public static final Decision NOTHING = new Decision(null, List.of(), List.of());

  public Decision {
    tasks = List.copyOf(tasks);
    dispatches = List.copyOf(dispatches);
  }

  public Optional<Job> changedJob() {
    return Optional.ofNullable(job);
  }

  public boolean isNothing() {
    return job == null && tasks.isEmpty() && dispatches.isEmpty();
  }
}
