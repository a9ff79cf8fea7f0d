package io.tork.scheduler.core;

import io.tork.model.CancelTask;
import io.tork.model.Job;
import io.tork.model.Task;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one input changes: the job's new state (absent when unchanged), the task records to store
 * (new or changed), the tasks to hand to workers, and the running tasks to stop on their nodes.
 */
public record Decision(
    @Nullable Job job, List<Task> tasks, List<Task> dispatches, List<CancelTask> cancellations) {
  public static final Decision NOTHING = new Decision(null, List.of(), List.of(), List.of());

  public Decision {
    tasks = List.copyOf(tasks);
    dispatches = List.copyOf(dispatches);
    cancellations = List.copyOf(cancellations);
  }

  public Decision(@Nullable Job job, List<Task> tasks, List<Task> dispatches) {
    this(job, tasks, dispatches, List.of());
  }

  public Optional<Job> changedJob() {
    return Optional.ofNullable(job);
  }

  public boolean isNothing() {
    return job == null && tasks.isEmpty() && dispatches.isEmpty() && cancellations.isEmpty();
  }
}
