package io.tork.gateway.kafka;

import io.tork.gateway.core.JobReads;
import io.tork.gateway.core.JobSnapshot;
import io.tork.gateway.kafka.ViewCodec.JobMeta;
import io.tork.gateway.kafka.ViewCodec.Source;
import io.tork.gateway.kafka.ViewStore.Family;
import io.tork.model.Job;
import io.tork.model.JobState;
import io.tork.model.Task;
import io.tork.model.codec.Json;
import io.tork.model.codec.Redaction;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The jobs ({@code job-views}, and the submissions read from {@code jobs}) with their listing
 * ({@link JobIndex}), the times they ended (for the retention) and the deleted ones remembered a
 * while. Families {@code JOBS}, {@code JOB_META}, {@code ENDED}, {@code GONE} and the index's. A
 * job removed takes its task records and logs with it.
 */
final class JobProjection {
  private final ViewStore store;
  private final JobIndex index;
  private final ViewRetention retention;
  private final Clock clock;
  private final TaskProjection tasks;
  private final LogProjection logs;

  JobProjection(
      ViewStore store,
      ViewRetention retention,
      Clock clock,
      TaskProjection tasks,
      LogProjection logs) {
    this.store = store;
    this.index = new JobIndex(store);
    this.retention = retention;
    this.clock = clock;
    this.tasks = tasks;
    this.logs = logs;
  }

  void apply(
      ViewBatch batch,
      String id,
      byte @Nullable [] value,
      long timestamp,
      ViewEvents.Pending events) {
    JobMeta previous = live(JobMeta.decode(batch.get(Family.JOB_META, ViewCodec.utf8(id))));
    if (value == null) {
      if (previous != null) {
        remove(batch, id, previous);
      }
      markGone(batch, id);
      return;
    }
    Job job = Json.read(value, Job.class);
    long endedAt = job.state().isTerminal() ? endedAt(job, timestamp) : -1;
    if (endedAt >= 0 && retention.jobExpired(endedAt)) {
      if (previous != null) {
        remove(batch, id, previous); // ended longer ago than jobs are kept (a replay)
      }
      return;
    }
    batch.put(Family.JOBS, ViewCodec.utf8(id), value);
    JobMeta now = JobMeta.of(Source.VIEW, job, endedAt);
    index.put(batch, now.listed(), previous == null ? null : previous.listed());
    if (previous != null && previous.endedAt() >= 0 && previous.endedAt() != endedAt) {
      batch.delete(Family.ENDED, ViewCodec.timeKey(previous.endedAt(), ViewCodec.utf8(id)));
    }
    if (endedAt >= 0) {
      batch.put(Family.ENDED, ViewCodec.timeKey(endedAt, ViewCodec.utf8(id)), ViewCodec.EMPTY);
    }
    batch.put(Family.JOB_META, ViewCodec.utf8(id), now.encode());
    events.job(job);
  }

  /** When the job ended: its own time where it has one, else when the scheduler wrote it. */
  private static long endedAt(Job job, long timestamp) {
    Instant at = job.completedAt() != null ? job.completedAt() : job.failedAt();
    return at != null ? at.toEpochMilli() : timestamp;
  }

  /** Whether the view has heard of the job (the scheduler's record, a submission, a deletion). */
  static boolean known(ViewBatch batch, String id) {
    return batch.get(Family.JOB_META, ViewCodec.utf8(id)) != null;
  }

  /** A job read from its submission (under its record's key), until the scheduler's arrives. */
  void putSubmitted(ViewBatch batch, String id, Job job) {
    byte[] key = ViewCodec.utf8(id);
    batch.put(Family.JOBS, key, Json.write(job));
    JobMeta meta = JobMeta.of(Source.SUBMITTED, job, -1);
    batch.put(Family.JOB_META, key, meta.encode());
    index.put(batch, meta.listed(), null);
  }

  /** Everything the view holds of a job: its record, listing, tasks, outputs and logs. */
  void remove(ViewBatch batch, String id, JobMeta job) {
    byte[] key = ViewCodec.utf8(id);
    index.remove(batch, job.listed());
    if (job.endedAt() >= 0) {
      batch.delete(Family.ENDED, ViewCodec.timeKey(job.endedAt(), key));
    }
    tasks.removeAll(batch, id);
    logs.remove(batch, id);
    batch.delete(Family.JOBS, key);
    batch.delete(Family.JOB_META, key);
  }

  /** A deleted job is remembered a while, so that a submission record read late stays ignored. */
  private void markGone(ViewBatch batch, String id) {
    Instant now = clock.instant();
    batch.put(Family.JOB_META, ViewCodec.utf8(id), JobMeta.gone(id, now).encode());
    batch.put(
        Family.GONE, ViewCodec.timeKey(now.toEpochMilli(), ViewCodec.utf8(id)), ViewCodec.EMPTY);
  }

  static boolean isGone(ViewBatch batch, String jobId) {
    JobMeta meta = JobMeta.decode(batch.get(Family.JOB_META, ViewCodec.utf8(jobId)));
    return meta != null && meta.source() == Source.GONE;
  }

  private static @Nullable JobMeta live(@Nullable JobMeta meta) {
    return meta == null || meta.source() == Source.GONE ? null : meta;
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
              List<Task> execution = tasks.firstTasks(jobId, maxRecords, maxBytes);
              return new JobSnapshot(
                  job,
                  execution,
                  tasks.executionCount(jobId),
                  tasks.outputs(jobId),
                  redaction(job, execution));
            });
  }

  /** The secrets of the job: its own, and those every one of its task records carries. */
  Redaction redaction(Job job) {
    return redaction(job, List.of());
  }

  private Redaction redaction(Job job, List<Task> shown) {
    return Redaction.of(job, shown).and(tasks.secrets(job.id()));
  }

  JobReads.ListPage list(String q, int page, int size) {
    return list(q, page, size, null);
  }

  JobReads.ListPage list(String q, int page, int size, @Nullable Set<String> keys) {
    JobIndex.Page found = index.page(JobIndex.Query.parse(q), page, size, this::listed, keys);
    List<Job> items = found.ids().stream().map(this::job).flatMap(Optional::stream).toList();
    return new JobReads.ListPage(items, found.totalItems());
  }

  private JobIndex.@Nullable Listed listed(String id) {
    JobMeta meta = JobMeta.decode(store.get(Family.JOB_META, ViewCodec.utf8(id)));
    return meta == null || meta.source() == Source.GONE ? null : meta.listed();
  }

  int jobCount(JobState state) {
    return index.count(state);
  }
}
