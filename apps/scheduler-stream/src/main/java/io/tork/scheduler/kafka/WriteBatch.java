package io.tork.scheduler.kafka;

import java.util.ArrayList;
import java.util.List;

/**
 * The writes of one decision (to the stores and through the {@link Outbox}), in order, each record
 * measured as it is queued; nothing is written until {@link #run}. The webhook calls a decision
 * makes compare its task records with the versions still stored, so they are computed before any
 * task record is queued: {@link #beforeTaskWrites} refuses otherwise.
 */
final class WriteBatch {
  private final List<Runnable> actions = new ArrayList<>();
  private String largestWhat = "";
  private long largest;
  private boolean tasksQueued;

  void then(Runnable action) {
    actions.add(action);
  }

  /** Queues the write of a task record: from now on, nothing may read the previous versions. */
  void taskWrite(Runnable action) {
    tasksQueued = true;
    then(action);
  }

  /**
   * @throws IllegalStateException when a task record was queued already: {@code what} would read a
   *     version of it that the batch is about to replace
   */
  void beforeTaskWrites(String what) {
    if (tasksQueued) {
      throw new IllegalStateException(
          what + " must be computed before any task record is written: they read the stored ones");
    }
  }

  long measure(String what, long bytes) {
    if (bytes > largest) {
      largest = bytes;
      largestWhat = what;
    }
    return bytes;
  }

  byte[] measure(String what, byte[] json) {
    measure(what, (long) json.length);
    return json;
  }

  /** The size of the largest record queued, and what it is. */
  long largest() {
    return largest;
  }

  String largestWhat() {
    return largestWhat;
  }

  void run() {
    actions.forEach(Runnable::run);
  }
}
