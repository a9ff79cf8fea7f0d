package io.tork.gateway.kafka;

import io.tork.gateway.kafka.ViewCodec.TaskMeta;
import io.tork.gateway.kafka.ViewStore.Entry;
import io.tork.gateway.kafka.ViewStore.Family;
import io.tork.model.Task;
import io.tork.model.TaskState;
import io.tork.model.codec.Json;
import io.tork.model.codec.Redaction;
import io.tork.model.codec.Sealing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The task records ({@code task-views}): each record by id, each job's records in creation order,
 * what the tasks with a {@code var} wrote, the secrets the records carry (sealed), and the counts
 * of tasks RUNNING and waiting in each queue (and by which jobs), kept as the records change.
 * Families {@code TASKS}, {@code TASK_META}, {@code EXECUTIONS}, {@code JOB_DATA} and its keys in
 * {@code META}.
 */
final class TaskProjection {
  static final byte[] RUNNING_KEY = {'r'};

  private final ViewStore store;

  TaskProjection(ViewStore store) {
    this.store = store;
  }

  void apply(ViewBatch batch, String id, byte @Nullable [] value, ViewEvents.Pending events) {
    byte[] key = ViewCodec.utf8(id);
    TaskMeta previous = TaskMeta.decode(batch.get(Family.TASK_META, key));
    if (value == null) {
      if (previous != null) {
        remove(batch, id, previous);
      }
      return;
    }
    Task task = Json.read(value, Task.class);
    TaskMeta now = TaskMeta.of(task);
    if (previous != null
        && (previous.seq() != now.seq() || !previous.jobId().equals(now.jobId()))) {
      remove(batch, id, previous); // never expected: a record changed its place
    } else {
      countWaiting(batch, previous, -1);
    }
    batch.put(Family.TASKS, key, value);
    batch.put(Family.TASK_META, key, now.encode());
    countWaiting(batch, now, +1);
    byte[] execution = ViewCodec.executionKey(task.jobId(), task.seq());
    if (batch.get(Family.EXECUTIONS, execution) == null) {
      batch.add(Family.META, executionCountKey(task.jobId()), 1);
    }
    batch.put(Family.EXECUTIONS, execution, key);
    keepOutput(batch, task);
    keepSecrets(batch, task);
    events.task(task);
  }

  /** The job's context shows the latest output of each var (by creation order, as Tork does). */
  private static void keepOutput(ViewBatch batch, Task task) {
    if (task.state() != TaskState.COMPLETED
        || task.spec().var().isEmpty()
        || task.result().isEmpty()) {
      return;
    }
    byte[] key = ViewCodec.outputKey(task.jobId(), task.spec().var());
    byte[] old = batch.get(Family.JOB_DATA, key);
    if (old == null || ViewCodec.outputSeq(old) <= task.seq()) {
      batch.put(Family.JOB_DATA, key, ViewCodec.output(task.seq(), task.result()));
    }
  }

  /**
   * The secret values a record carries (its job's, its env evaluated), kept with the job, sealed:
   * every answer about the job redacts them, whichever record is shown.
   */
  private static void keepSecrets(ViewBatch batch, Task task) {
    for (String secret : Redaction.of(task).values()) {
      byte[] key = ViewCodec.secretKey(task.jobId(), secret);
      if (batch.get(Family.JOB_DATA, key) == null) {
        batch.put(Family.JOB_DATA, key, ViewCodec.utf8(Sealing.seal(secret)));
      }
    }
  }

  private void remove(ViewBatch batch, String id, TaskMeta task) {
    countWaiting(batch, task, -1);
    byte[] key = ViewCodec.utf8(id);
    batch.delete(Family.TASKS, key);
    batch.delete(Family.TASK_META, key);
    byte[] execution = ViewCodec.executionKey(task.jobId(), task.seq());
    if (batch.get(Family.EXECUTIONS, execution) != null) {
      batch.delete(Family.EXECUTIONS, execution);
      batch.add(Family.META, executionCountKey(task.jobId()), -1);
    }
  }

  /** Every record of the job, its outputs and its secrets (the job is removed). */
  void removeAll(ViewBatch batch, String jobId) {
    byte[] executions = ViewCodec.prefix(jobId);
    for (List<Entry> chunk = batch.scan(Family.EXECUTIONS, executions, null, ViewBatch.CHUNK);
        !chunk.isEmpty();
        chunk = batch.scan(Family.EXECUTIONS, executions, null, ViewBatch.CHUNK)) {
      for (Entry entry : chunk) {
        String taskId = ViewCodec.string(entry.value());
        TaskMeta task = TaskMeta.decode(batch.get(Family.TASK_META, entry.value()));
        if (task != null) {
          remove(batch, taskId, task);
        }
        batch.delete(Family.EXECUTIONS, entry.key());
      }
    }
    batch.delete(Family.META, executionCountKey(jobId));
    batch.deleteAll(Family.JOB_DATA, ViewCodec.prefix(jobId));
  }

  /** Tasks SCHEDULED (waiting, by queue) and RUNNING are counted as their records change. */
  private static void countWaiting(ViewBatch batch, @Nullable TaskMeta task, int delta) {
    if (task != null && task.state() == TaskState.SCHEDULED) {
      batch.add(Family.META, waitingKey(task.queue()), delta);
      batch.add(Family.META, waitingJobKey(task.queue(), task.jobId()), delta);
    }
    if (task != null && task.state() == TaskState.RUNNING) {
      batch.add(Family.META, RUNNING_KEY, delta);
    }
  }

  Optional<Task> task(String taskId) {
    byte[] value = store.get(Family.TASKS, ViewCodec.utf8(taskId));
    return value == null ? Optional.empty() : Optional.of(Json.read(value, Task.class));
  }

  /** The job's task records in creation order, from the {@code offset}-th (0-based). */
  Iterator<Task> tasks(String jobId, long offset) {
    Iterator<Entry> ids = store.entries(Family.EXECUTIONS, ViewCodec.prefix(jobId), false, false);
    for (long skipped = 0; skipped < offset && ids.hasNext(); skipped++) {
      ids.next();
    }
    return ViewCodec.present(ids, e -> store.get(Family.TASKS, e.value()), Task.class);
  }

  /**
   * The first of the job's task records, in creation order: at most {@code maxRecords}, and no more
   * once they add up to {@code maxBytes} (at least one).
   */
  List<Task> firstTasks(String jobId, int maxRecords, long maxBytes) {
    List<Task> execution = new ArrayList<>();
    long bytes = 0;
    Iterator<Entry> ids = store.entries(Family.EXECUTIONS, ViewCodec.prefix(jobId), false, false);
    while (ids.hasNext() && execution.size() < maxRecords && bytes < maxBytes) {
      byte[] value = store.get(Family.TASKS, ids.next().value());
      if (value != null) {
        bytes += value.length;
        execution.add(Json.read(value, Task.class));
      }
    }
    return execution;
  }

  /** The ids of the job's task records, newest first. */
  Iterator<String> taskIdsNewestFirst(String jobId) {
    return mapped(
        store.entries(Family.EXECUTIONS, ViewCodec.prefix(jobId), true, false),
        e -> ViewCodec.string(e.value()));
  }

  private static Iterator<String> mapped(Iterator<Entry> entries, Function<Entry, String> map) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return entries.hasNext();
      }

      @Override
      public String next() {
        return map.apply(entries.next());
      }
    };
  }

  int executionCount(String jobId) {
    byte[] count = store.get(Family.META, executionCountKey(jobId));
    return count == null ? 0 : (int) ViewCodec.toLong(count);
  }

  /** What the job's tasks with a {@code var} wrote (its context's {@code tasks}). */
  Map<String, String> outputs(String jobId) {
    Map<String, String> out = new TreeMap<>();
    byte[] prefix = ViewCodec.outputsPrefix(jobId);
    store
        .entries(Family.JOB_DATA, prefix, false, false)
        .forEachRemaining(
            e -> out.put(ViewCodec.outputVar(e.key(), jobId), ViewCodec.outputResult(e.value())));
    return out;
  }

  /** The secret values every one of the job's task records carries, opened. */
  List<String> secrets(String jobId) {
    List<String> values = new ArrayList<>();
    store
        .entries(Family.JOB_DATA, ViewCodec.secretsPrefix(jobId), false, false)
        .forEachRemaining(e -> values.add(Sealing.open(ViewCodec.string(e.value()))));
    return values;
  }

  int runningTaskCount() {
    byte[] count = store.get(Family.META, RUNNING_KEY);
    return count == null ? 0 : (int) ViewCodec.toLong(count);
  }

  /** Tasks waiting (SCHEDULED) in each queue, by queue name. */
  Map<String, Long> waitingByQueue() {
    Map<String, Long> out = new LinkedHashMap<>();
    byte[] prefix = waitingPrefix();
    store
        .entries(Family.META, prefix, false, false)
        .forEachRemaining(
            e ->
                out.put(
                    new String(
                        e.key(),
                        prefix.length,
                        e.key().length - prefix.length,
                        StandardCharsets.UTF_8),
                    ViewCodec.toLong(e.value())));
    return out;
  }

  /** The jobs with records waiting on {@code queue}: the index the counts keep beside them. */
  Iterator<String> jobsWaitingOn(String queue) {
    byte[] prefix = waitingJobsPrefix(queue);
    return mapped(
        store.entries(Family.META, prefix, false, true),
        e ->
            new String(
                e.key(), prefix.length, e.key().length - prefix.length, StandardCharsets.UTF_8));
  }

  static byte[] executionCountKey(String jobId) {
    return ViewCodec.concat(new byte[] {'x'}, ViewCodec.utf8(jobId));
  }

  static byte[] waitingKey(String queue) {
    return ViewCodec.concat(new byte[] {'w'}, ViewCodec.utf8(queue));
  }

  /** How many of the job's records wait on the queue: {@code W}, queue, separator, job id. */
  static byte[] waitingJobKey(String queue, String jobId) {
    return ViewCodec.concat(waitingJobsPrefix(queue), ViewCodec.utf8(jobId));
  }

  static byte[] waitingJobsPrefix(String queue) {
    return ViewCodec.concat(new byte[] {'W'}, ViewCodec.prefix(queue));
  }

  static byte[] waitingPrefix() {
    return new byte[] {'w'};
  }
}
