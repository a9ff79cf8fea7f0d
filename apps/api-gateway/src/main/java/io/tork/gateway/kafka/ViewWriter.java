package io.tork.gateway.kafka;

import io.tork.gateway.kafka.ViewCodec.JobMeta;
import io.tork.gateway.kafka.ViewCodec.Source;
import io.tork.gateway.kafka.ViewCodec.TaskMeta;
import io.tork.gateway.kafka.ViewStore.Entry;
import io.tork.gateway.kafka.ViewStore.Family;
import io.tork.model.InvalidJobException;
import io.tork.model.Job;
import io.tork.model.JobIds;
import io.tork.model.JobSpec;
import io.tork.model.Redaction;
import io.tork.model.ScheduledJob;
import io.tork.model.Task;
import io.tork.model.TaskLogPart;
import io.tork.model.TaskState;
import io.tork.model.Topics;
import io.tork.model.codec.JobDocuments;
import io.tork.model.codec.Json;
import io.tork.model.codec.Sealing;
import io.tork.model.kafka.Submissions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * Applies the records of the view's topics to the store, one batch at a time: {@code job-views} and
 * {@code task-views} (the scheduler's records), {@code jobs} (submissions: a job is readable as
 * PENDING at once), {@code logs} and {@code scheduled-job-views}. Each write is idempotent, so a
 * batch applied twice (after a crash between a flush and its offsets) changes nothing. What readers
 * follow live is handed to {@link ViewEvents}, to run once the batch is committed.
 */
final class ViewWriter {
  private static final int REMOVAL_CHUNK = 10_000;

  private final Topics topics;
  private final JobIndex index;
  private final ViewRetention retention;
  private final Clock clock;
  private final java.util.concurrent.atomic.AtomicLong parsed =
      new java.util.concurrent.atomic.AtomicLong();

  ViewWriter(Topics topics, JobIndex index, ViewRetention retention, Clock clock) {
    this.topics = topics;
    this.index = index;
    this.retention = retention;
    this.clock = clock;
  }

  /**
   * @throws IllegalArgumentException (or another runtime exception) when the record cannot be read:
   *     the caller skips it
   */
  void apply(ViewBatch batch, ConsumerRecord<String, byte[]> record, ViewEvents.Pending events) {
    String key = record.key();
    if (key == null) {
      return;
    }
    String topic = record.topic();
    if (topic.equals(topics.jobViews())) {
      applyJob(batch, key, record.value(), record.timestamp(), events);
    } else if (topic.equals(topics.taskViews())) {
      applyTask(batch, key, record.value(), events);
    } else if (topic.equals(topics.logs())) {
      if (record.value() == null) {
        removeLogs(batch, key); // the job was deleted
      } else {
        applyLog(batch, record.value(), events);
      }
    } else if (topic.equals(topics.scheduledJobViews())) {
      applySchedule(batch, key, record.value());
    } else if (topic.equals(topics.jobs())) {
      applySubmission(batch, key, record, events);
    }
  }

  private void applyJob(
      ViewBatch batch,
      String id,
      byte @Nullable [] value,
      long timestamp,
      ViewEvents.Pending events) {
    JobMeta previous = live(JobMeta.decode(batch.get(Family.JOB_META, ViewCodec.utf8(id))));
    if (value == null) {
      if (previous != null) {
        removeJob(batch, id, previous);
      }
      markGone(batch, id);
      return;
    }
    Job job = Json.read(value, Job.class);
    long endedAt = job.state().isTerminal() ? endedAt(job, timestamp) : -1;
    if (endedAt >= 0 && retention.jobExpired(endedAt)) {
      if (previous != null) {
        removeJob(batch, id, previous); // ended longer ago than jobs are kept (a replay)
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

  private void applyTask(
      ViewBatch batch, String id, byte @Nullable [] value, ViewEvents.Pending events) {
    byte[] key = ViewCodec.utf8(id);
    TaskMeta previous = TaskMeta.decode(batch.get(Family.TASK_META, key));
    if (value == null) {
      if (previous != null) {
        removeTask(batch, id, previous);
      }
      return;
    }
    Task task = Json.read(value, Task.class);
    TaskMeta now = TaskMeta.of(task);
    if (previous != null
        && (previous.seq() != now.seq() || !previous.jobId().equals(now.jobId()))) {
      removeTask(batch, id, previous); // never expected: a record changed its place
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

  private void removeTask(ViewBatch batch, String id, TaskMeta task) {
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

  /** Tasks SCHEDULED (waiting, by queue) and RUNNING are counted as their records change. */
  private static void countWaiting(ViewBatch batch, @Nullable TaskMeta task, int delta) {
    if (task != null && task.state() == TaskState.SCHEDULED) {
      batch.add(Family.META, waitingKey(task.queue()), delta);
    }
    if (task != null && task.state() == TaskState.RUNNING) {
      batch.add(Family.META, RUNNING_KEY, delta);
    }
  }

  private void applyLog(ViewBatch batch, byte[] value, ViewEvents.Pending events) {
    TaskLogPart part = Json.read(value, TaskLogPart.class);
    long at = part.at().toEpochMilli();
    if (retention.logExpired(at) || isGone(batch, part.jobId())) {
      return;
    }
    byte[] key = ViewCodec.logKey(part.jobId(), part.taskId(), part.number());
    if (batch.get(Family.LOGS, key) != null) {
      return; // a repeated part (same task and number) is kept once
    }
    batch.put(Family.LOGS, key, value);
    batch.put(Family.LOG_TIMES, ViewCodec.timeKey(at, key), ViewCodec.EMPTY);
    events.log(part);
  }

  private static void applySchedule(ViewBatch batch, String id, byte @Nullable [] value) {
    if (value == null) {
      batch.delete(Family.SCHEDULES, ViewCodec.utf8(id));
    } else {
      Json.read(value, ScheduledJob.class); // only readable records are kept
      batch.put(Family.SCHEDULES, ViewCodec.utf8(id), value);
    }
  }

  private void applySubmission(
      ViewBatch batch,
      String id,
      ConsumerRecord<String, byte[]> record,
      ViewEvents.Pending events) {
    byte[] key = ViewCodec.utf8(id);
    if (!JobIds.isValid(id) || record.value() == null) {
      return;
    }
    if (batch.get(Family.JOB_META, key) != null) {
      events.submissionSeen(id);
      return; // known already: the scheduler's record wins, a deleted job stays deleted
    }
    String contentType = Submissions.contentType(record.headers(), record.value());
    Job job;
    if (contentType.equals(JobDocuments.ENGINE_JOB)) {
      job = Json.read(record.value(), Job.class); // a sub-job
    } else {
      try {
        parsed.incrementAndGet();
        JobSpec spec = JobDocuments.parse(record.value(), contentType);
        Instant at = Instant.ofEpochMilli(record.timestamp());
        job = Job.pending(id, spec, at, Submissions.createdBy(record.headers()));
      } catch (InvalidJobException e) {
        return; // the scheduler turns it into a FAILED job with the reason; that view follows
      }
    }
    batch.put(Family.JOBS, key, Json.write(job));
    JobMeta meta = JobMeta.of(Source.SUBMITTED, job, -1);
    batch.put(Family.JOB_META, key, meta.encode());
    index.put(batch, meta.listed(), null);
    events.submissionSeen(id);
  }

  /** How many submitted documents this writer has parsed (each is parsed once, when first read). */
  long documentsParsed() {
    return parsed.get();
  }

  /** Everything the view holds of a job: its record, listing, tasks, outputs and logs. */
  void removeJob(ViewBatch batch, String id, JobMeta job) {
    byte[] key = ViewCodec.utf8(id);
    index.remove(batch, job.listed());
    if (job.endedAt() >= 0) {
      batch.delete(Family.ENDED, ViewCodec.timeKey(job.endedAt(), key));
    }
    byte[] executions = ViewCodec.prefix(id);
    for (List<Entry> chunk = batch.scan(Family.EXECUTIONS, executions, null, REMOVAL_CHUNK);
        !chunk.isEmpty();
        chunk = batch.scan(Family.EXECUTIONS, executions, null, REMOVAL_CHUNK)) {
      for (Entry entry : chunk) {
        String taskId = ViewCodec.string(entry.value());
        TaskMeta task = TaskMeta.decode(batch.get(Family.TASK_META, entry.value()));
        if (task != null) {
          removeTask(batch, taskId, task);
        }
        batch.delete(Family.EXECUTIONS, entry.key());
      }
    }
    batch.delete(Family.META, executionCountKey(id));
    deleteAll(batch, Family.JOB_DATA, ViewCodec.prefix(id));
    removeLogs(batch, id);
    batch.delete(Family.JOBS, key);
    batch.delete(Family.JOB_META, key);
  }

  void removeLogs(ViewBatch batch, String jobId) {
    deleteAll(batch, Family.LOGS, ViewCodec.prefix(jobId));
  }

  private static void deleteAll(ViewBatch batch, Family family, byte[] prefix) {
    for (List<Entry> chunk = batch.scan(family, prefix, null, REMOVAL_CHUNK);
        !chunk.isEmpty();
        chunk = batch.scan(family, prefix, null, REMOVAL_CHUNK)) {
      chunk.forEach(e -> batch.delete(family, e.key()));
    }
  }

  /** A deleted job is remembered a while, so that a submission record read late stays ignored. */
  private void markGone(ViewBatch batch, String id) {
    Instant now = clock.instant();
    batch.put(Family.JOB_META, ViewCodec.utf8(id), JobMeta.gone(id, now).encode());
    batch.put(
        Family.GONE, ViewCodec.timeKey(now.toEpochMilli(), ViewCodec.utf8(id)), ViewCodec.EMPTY);
  }

  private static boolean isGone(ViewBatch batch, String jobId) {
    JobMeta meta = JobMeta.decode(batch.get(Family.JOB_META, ViewCodec.utf8(jobId)));
    return meta != null && meta.source() == Source.GONE;
  }

  private static @Nullable JobMeta live(@Nullable JobMeta meta) {
    return meta == null || meta.source() == Source.GONE ? null : meta;
  }

  static final byte[] RUNNING_KEY = {'r'};

  static byte[] executionCountKey(String jobId) {
    return ViewCodec.concat(new byte[] {'x'}, ViewCodec.utf8(jobId));
  }

  static byte[] waitingKey(String queue) {
    return ViewCodec.concat(new byte[] {'w'}, ViewCodec.utf8(queue));
  }

  static byte[] waitingPrefix() {
    return new byte[] {'w'};
  }
}
