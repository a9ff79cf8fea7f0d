package io.tork.scheduler.kafka;

import io.tork.kafka.Submission;
import io.tork.kafka.Submissions;
import io.tork.model.Job;
import io.tork.model.JobIds;
import io.tork.model.JobSpec;
import io.tork.model.Limits;
import io.tork.model.codec.JobDocuments;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.jspecify.annotations.Nullable;

/**
 * A job document written to {@code jobs} without a key gets an id and goes back to {@code jobs}
 * under it, so that it lands on the partition that owns that id. The id derives from the record's
 * coordinates, so re-processing after a crash gives the same id. A valid document is validated here
 * only: the copy is the job in the engine's own form, as the gateway writes it (ADR 57), its
 * secrets sealed (ADR 46); one that does not parse goes as it is, for the job processor to fail it
 * saying why (and so does one whose engine form is over the record limit, to be read there).
 */
final class KeylessJobRouter implements Processor<String, Object, String, Object> {
  private final Limits limits;
  private ProcessorContext<String, Object> context;

  KeylessJobRouter(Limits limits) {
    this.limits = limits;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, Object> record) {
    if (record.key() != null && !record.key().isEmpty()) {
      context.forward(record, SchedulerTopology.JOB_PROCESSOR);
      return;
    }
    String coordinates =
        context
            .recordMetadata()
            .map(m -> coordinates(m))
            .orElseGet(
                () -> "no-metadata-" + record.timestamp() + "-" + System.identityHashCode(record));
    String jobId = JobIds.fromName(coordinates);
    Submission submission = (Submission) record.value();
    Job job = pending(jobId, submission, record.timestamp());
    byte[] engineJob = job == null ? null : Submissions.engineJob(job);
    // A document whose engine form would be over the record limit goes as it is, read later.
    boolean asIs = engineJob == null || engineJob.length > limits.maxRecordBytes();
    byte[] value = asIs ? submission.document() : engineJob;
    String contentType = asIs ? submission.contentType() : JobDocuments.ENGINE_JOB;
    context.forward(
        record
            .withKey(jobId)
            .withValue((Object) value)
            .withHeaders(Submissions.withContentType(record.headers(), contentType)),
        SchedulerTopology.REKEY_SINK);
  }

  /** The job a valid document submits, or null: the job processor fails it, saying why. */
  private @Nullable Job pending(String jobId, Submission submission, long timestamp) {
    try {
      JobSpec spec = JobDocuments.parse(submission.document(), submission.contentType(), limits);
      return Job.pending(jobId, spec, Instant.ofEpochMilli(timestamp), submission.createdBy());
    } catch (RuntimeException | StackOverflowError e) {
      return null;
    }
  }

  private static String coordinates(RecordMetadata m) {
    return m.topic() + "/" + m.partition() + "/" + m.offset();
  }
}
