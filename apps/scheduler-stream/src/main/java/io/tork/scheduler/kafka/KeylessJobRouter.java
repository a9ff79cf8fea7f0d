package io.tork.scheduler.kafka;

import io.tork.kafka.Submission;
import io.tork.kafka.Submissions;
import io.tork.model.JobIds;
import io.tork.model.JobSpec;
import io.tork.model.Limits;
import io.tork.model.codec.JobDocuments;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * A job document written to {@code jobs} without a key gets an id and goes back to {@code jobs}
 * under it, so that it lands on the partition that owns that id. The id derives from the record's
 * coordinates, so re-processing after a crash gives the same id. The copy it writes has its secrets
 * sealed, as the gateway's documents have (ADR 46); one that does not parse goes as it is, for the
 * job processor to fail it saying why.
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
    Submission submission = (Submission) record.value();
    JobDocuments.TopicDocument document = sealed(submission);
    Headers headers = Submissions.withContentType(record.headers(), document.contentType());
    context.forward(
        record
            .withKey(JobIds.fromName(coordinates))
            .withValue((Object) document.body())
            .withHeaders(headers),
        SchedulerTopology.REKEY_SINK);
  }

  private JobDocuments.TopicDocument sealed(Submission submission) {
    try {
      JobSpec spec = JobDocuments.parse(submission.document(), submission.contentType(), limits);
      return JobDocuments.forTopic(submission.document(), submission.contentType(), spec);
    } catch (RuntimeException | StackOverflowError e) {
      return new JobDocuments.TopicDocument(submission.document(), submission.contentType());
    }
  }

  private static String coordinates(RecordMetadata m) {
    return m.topic() + "/" + m.partition() + "/" + m.offset();
  }
}
