package io.tork.gateway.kafka;

import io.tork.gateway.kafka.ViewCodec.JobMeta;
import io.tork.kafka.Submission;
import io.tork.kafka.Submissions;
import io.tork.model.InvalidJobException;
import io.tork.model.Job;
import io.tork.model.JobIds;
import io.tork.model.JobSpec;
import io.tork.model.Topics;
import io.tork.model.codec.JobDocuments;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Applies the records of the view's topics to the store, one batch at a time, each to its
 * projection: {@code job-views} to the jobs ({@link JobProjection}), {@code task-views} to the task
 * records ({@link TaskProjection}), {@code logs} ({@link LogProjection}), {@code
 * scheduled-job-views} ({@link ScheduleProjection}); and {@code jobs}, the submissions, read here
 * into the jobs (a job is readable as PENDING at once). Each write is idempotent, so a batch
 * applied twice (after a crash between a flush and its offsets) changes nothing. What readers
 * follow live is handed to {@link ViewEvents}, to run once the batch is committed.
 */
final class ViewWriter {
  private final Topics topics;
  private final Projections projections;
  private final AtomicLong parsed = new AtomicLong();

  ViewWriter(Topics topics, Projections projections) {
    this.topics = topics;
    this.projections = projections;
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
      projections.jobs().apply(batch, key, record.value(), record.timestamp(), events);
    } else if (topic.equals(topics.taskViews())) {
      projections.tasks().apply(batch, key, record.value(), events);
    } else if (topic.equals(topics.logs())) {
      projections.logs().apply(batch, key, record.value(), events);
    } else if (topic.equals(topics.scheduledJobViews())) {
      ScheduleProjection.apply(batch, key, record.value());
    } else if (topic.equals(topics.jobs())) {
      applySubmission(batch, key, record, events);
    }
  }

  private void applySubmission(
      ViewBatch batch,
      String id,
      ConsumerRecord<String, byte[]> record,
      ViewEvents.Pending events) {
    if (!JobIds.isValid(id) || record.value() == null) {
      return;
    }
    if (JobProjection.known(batch, id)) {
      events.submissionSeen(id);
      return; // known already: the scheduler's record wins, a deleted job stays deleted
    }
    Submission submission = Submissions.read(record.headers(), record.value());
    Job job;
    if (submission.isEngineJob()) {
      job = submission.engineJob(); // validated already: a gateway's, a sub-job, a schedule's run
    } else {
      try {
        parsed.incrementAndGet();
        JobSpec spec = JobDocuments.parse(submission.document(), submission.contentType());
        Instant at = Instant.ofEpochMilli(record.timestamp());
        job = Job.pending(id, spec, at, submission.createdBy());
      } catch (InvalidJobException e) {
        return; // the scheduler turns it into a FAILED job with the reason; that view follows
      }
    }
    projections.jobs().putSubmitted(batch, id, job);
    events.submissionSeen(id);
  }

  /**
   * How many submitted documents this writer has parsed: only those a producer wrote straight to
   * the topic in a user's form (each once, when first read); a gateway's are validated jobs.
   */
  long documentsParsed() {
    return parsed.get();
  }

  /** Everything the view holds of a job (its retention is over). */
  void removeJob(ViewBatch batch, String id, JobMeta job) {
    projections.jobs().remove(batch, id, job);
  }
}
