package io.tork.gateway.kafka;

import io.tork.gateway.kafka.ViewCodec.JobMeta;
import io.tork.gateway.kafka.ViewCodec.Source;
import io.tork.gateway.kafka.ViewStore.Entry;
import io.tork.gateway.kafka.ViewStore.Family;
import io.tork.model.Job;
import io.tork.model.ScheduledJob;
import io.tork.model.Task;
import io.tork.model.TaskLogPart;
import io.tork.model.codec.Json;
import io.tork.model.codec.Redaction;
import io.tork.model.codec.Sealing;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Reads of the view store, for any thread: each answer costs its own size, never the history's. */
final class ViewQueries {
  private final ViewStore store;
  private final JobIndex index;

  ViewQueries(ViewStore store, JobIndex index) {
    this.store = store;
    this.index = index;
  }

  Optional<Job> job(String jobId) {
    byte[] value = store.get(Family.JOBS, ViewCodec.utf8(jobId));
    return value == null ? Optional.empty() : Optional.of(Json.read(value, Job.class));
  }

  /**
   * The job with the first of its task records, in creation order: at most {@code maxRecords}, and
   * no more once they add up to {@code maxBytes} (at least one).
   */
  Optional<JobSnapshot> snapshot(String jobId, int maxRecords, long maxBytes) {
    return job(jobId)
        .map(
            job -> {
              List<Task> execution = new ArrayList<>();
              long bytes = 0;
              Iterator<Entry> ids =
                  store.entries(Family.EXECUTIONS, ViewCodec.prefix(jobId), false, false);
              while (ids.hasNext() && execution.size() < maxRecords && bytes < maxBytes) {
                byte[] value = store.get(Family.TASKS, ids.next().value());
                if (value != null) {
                  bytes += value.length;
                  execution.add(Json.read(value, Task.class));
                }
              }
              return new JobSnapshot(
                  job, execution, executionCount(jobId), outputs(jobId), redaction(job, execution));
            });
  }

  int executionCount(String jobId) {
    byte[] count = store.get(Family.META, ViewWriter.executionCountKey(jobId));
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

  /** The secrets of the job: its own, and those every one of its task records carries. */
  Redaction redaction(Job job) {
    return redaction(job, List.of());
  }

  private Redaction redaction(Job job, List<Task> shown) {
    List<String> values = new ArrayList<>();
    store
        .entries(Family.JOB_DATA, ViewCodec.secretsPrefix(job.id()), false, false)
        .forEachRemaining(e -> values.add(Sealing.open(ViewCodec.string(e.value()))));
    return Redaction.of(job, shown).and(values);
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
    return present(ids, e -> store.get(Family.TASKS, e.value()), Task.class);
  }

  /** A task's log parts, newest first (or oldest first). */
  Iterator<TaskLogPart> taskLog(String jobId, String taskId, boolean newestFirst) {
    return present(
        store.entries(Family.LOGS, ViewCodec.prefix(jobId, taskId), newestFirst, false),
        Entry::value,
        TaskLogPart.class);
  }

  /** A job's log parts: its newest task records first, each one's newest parts first. */
  Iterator<TaskLogPart> jobLog(String jobId) {
    Iterator<Entry> tasks = store.entries(Family.EXECUTIONS, ViewCodec.prefix(jobId), true, false);
    return new Iterator<>() {
      private Iterator<TaskLogPart> current = java.util.Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && tasks.hasNext()) {
          current = taskLog(jobId, ViewCodec.string(tasks.next().value()), true);
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

  JobViews.ListPage list(String q, int page, int size) {
    return list(q, page, size, null);
  }

  JobViews.ListPage list(String q, int page, int size, java.util.@Nullable Set<String> keys) {
    JobIndex.Page found = index.page(JobIndex.Query.parse(q), page, size, this::listed, keys);
    List<Job> items = found.ids().stream().map(this::job).flatMap(Optional::stream).toList();
    return new JobViews.ListPage(items, found.totalItems());
  }

  private JobIndex.@Nullable Listed listed(String id) {
    JobMeta meta = JobMeta.decode(store.get(Family.JOB_META, ViewCodec.utf8(id)));
    return meta == null || meta.source() == Source.GONE ? null : meta.listed();
  }

  Optional<ScheduledJob> scheduledJob(String id) {
    byte[] value = store.get(Family.SCHEDULES, ViewCodec.utf8(id));
    return value == null ? Optional.empty() : Optional.of(Json.read(value, ScheduledJob.class));
  }

  /** The scheduled jobs, newest first. */
  List<ScheduledJob> scheduledJobs() {
    List<ScheduledJob> all = new ArrayList<>();
    store
        .entries(Family.SCHEDULES, ViewCodec.EMPTY, false, false)
        .forEachRemaining(e -> all.add(Json.read(e.value(), ScheduledJob.class)));
    all.sort(
        Comparator.comparing(ScheduledJob::createdAt).reversed().thenComparing(ScheduledJob::id));
    return all;
  }

  int jobCount(io.tork.model.JobState state) {
    return index.count(state);
  }

  int runningTaskCount() {
    byte[] count = store.get(Family.META, ViewWriter.RUNNING_KEY);
    return count == null ? 0 : (int) ViewCodec.toLong(count);
  }

  /** Tasks waiting (SCHEDULED) in each queue, by queue name. */
  Map<String, Long> waitingByQueue() {
    Map<String, Long> out = new LinkedHashMap<>();
    byte[] prefix = ViewWriter.waitingPrefix();
    store
        .entries(Family.META, prefix, false, false)
        .forEachRemaining(
            e ->
                out.put(
                    new String(
                        e.key(),
                        prefix.length,
                        e.key().length - prefix.length,
                        java.nio.charset.StandardCharsets.UTF_8),
                    ViewCodec.toLong(e.value())));
    return out;
  }

  /** The entries' records that still exist, read and decoded one at a time. */
  private static <T> Iterator<T> present(
      Iterator<Entry> entries, Function<Entry, byte @Nullable []> value, Class<T> type) {
    return new Iterator<>() {
      private @Nullable T next;

      @Override
      public boolean hasNext() {
        while (next == null && entries.hasNext()) {
          byte[] raw = value.apply(entries.next());
          if (raw != null) {
            next = Json.read(raw, type);
          }
        }
        return next != null;
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        T out = next;
        next = null;
        return out;
      }
    };
  }
}
