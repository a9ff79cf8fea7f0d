package io.tork.scheduler.core;

import io.tork.model.Job;
import io.tork.model.Task;
import io.tork.model.TaskSpec;
import java.time.Instant;

/** Turns a task definition of a job into a task record ready for a worker. */
final class TaskPlanner {
  static final String DEFAULT_QUEUE = "default";

  private TaskPlanner() {}

  static Task plan(Job job, int position, int seq, int attempt, String id, Instant now) {
    TaskSpec spec = job.tasks().get(position - 1);
    String queue = spec.queue().isEmpty() ? DEFAULT_QUEUE : spec.queue();
    return Task.scheduled(id, job.id(), seq, position, attempt, spec.withQueue(queue), queue, now);
  }
}
