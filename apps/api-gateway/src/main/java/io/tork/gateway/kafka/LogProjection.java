package io.tork.gateway.kafka;

import io.tork.gateway.kafka.ViewStore.Entry;
import io.tork.gateway.kafka.ViewStore.Family;
import io.tork.model.TaskLogPart;
import io.tork.model.codec.Json;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * The tasks' log parts ({@code logs}), by job, task and number, with the time index the log
 * retention sweeps. Families {@code LOGS} and {@code LOG_TIMES}.
 */
final class LogProjection {
  private final ViewStore store;
  private final ViewRetention retention;
  private final TaskProjection tasks;

  LogProjection(ViewStore store, ViewRetention retention, TaskProjection tasks) {
    this.store = store;
    this.retention = retention;
    this.tasks = tasks;
  }

  /** A part, or (a null value, keyed by the job) the job's every part: the job was deleted. */
  void apply(ViewBatch batch, String key, byte @Nullable [] value, ViewEvents.Pending events) {
    if (value == null) {
      remove(batch, key);
      return;
    }
    TaskLogPart part = Json.read(value, TaskLogPart.class);
    long at = part.at().toEpochMilli();
    if (retention.logExpired(at) || JobProjection.isGone(batch, part.jobId())) {
      return;
    }
    byte[] partKey = ViewCodec.logKey(part.jobId(), part.taskId(), part.number());
    if (batch.get(Family.LOGS, partKey) != null) {
      return; // a repeated part (same task and number) is kept once
    }
    batch.put(Family.LOGS, partKey, value);
    batch.put(Family.LOG_TIMES, ViewCodec.timeKey(at, partKey), ViewCodec.EMPTY);
    events.log(part);
  }

  void remove(ViewBatch batch, String jobId) {
    batch.deleteAll(Family.LOGS, ViewCodec.prefix(jobId));
  }

  /** A task's log parts, newest first (or oldest first). */
  Iterator<TaskLogPart> taskLog(String jobId, String taskId, boolean newestFirst) {
    return ViewCodec.present(
        store.entries(Family.LOGS, ViewCodec.prefix(jobId, taskId), newestFirst, false),
        Entry::value,
        TaskLogPart.class);
  }

  /** A job's log parts: its newest task records first, each one's newest parts first. */
  Iterator<TaskLogPart> jobLog(String jobId) {
    Iterator<String> taskIds = tasks.taskIdsNewestFirst(jobId);
    return new Iterator<>() {
      private Iterator<TaskLogPart> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && taskIds.hasNext()) {
          current = taskLog(jobId, taskIds.next(), true);
        }
        return current.hasNext();
      }

      @Override
      public TaskLogPart next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }
}
