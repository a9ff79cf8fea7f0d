package io.tork.gateway.core;

import io.tork.model.Task;
import java.util.Iterator;
import java.util.Optional;

/** The task records as the gateway's view holds them. */
public interface TaskReads extends ReadModel {
  Optional<Task> task(String taskId);

  /** The job's task records, in creation order, from the {@code offset}-th; read as consumed. */
  Iterator<Task> tasks(String jobId, long offset);

  /** How many task records the job has. */
  int executionCount(String jobId);
}
