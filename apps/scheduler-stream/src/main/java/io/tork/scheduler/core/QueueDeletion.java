package io.tork.scheduler.core;

import io.tork.model.FailQueued;
import io.tork.model.Task;
import io.tork.model.TaskState;
import java.util.List;

/**
 * A deleted queue ({@link FailQueued}): the job's records waiting on it end FAILED with {@code
 * queue deleted} and the job fails, with no retry (a retry would wait on the queue that is gone);
 * what it still runs elsewhere is cancelled, as for any failed job. The records are looked for
 * among the job's active ones (a bounded number, as for a cancel); a job with none waiting there
 * decides nothing.
 */
final class QueueDeletion {
  private QueueDeletion() {}

  static void failQueued(Changes ch, FailQueued command) {
    List<Task> waiting =
        ch.active(Changes.CANCEL_CHUNK).tasks().stream()
            .filter(t -> t.state() == TaskState.SCHEDULED && t.queue().equals(command.queue()))
            .toList();
    if (waiting.isEmpty()) {
      return;
    }
    for (Task task : waiting) {
      ch.put(task.failed(FailQueued.ERROR, ch.now()));
    }
    JobFlow.failJob(ch, FailQueued.ERROR);
  }
}
