package io.tork.scheduler.kafka;

import io.tork.model.JobIds;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * A job document written to {@code jobs} without a key gets an id and goes back to {@code jobs}
 * under it, so that it lands on the partition that owns that id. The id derives from the record's
 * coordinates, so re-processing after a crash gives the same id.
 */
final class KeylessJobRouter implements Processor<String, Object, String, Object> {
  private ProcessorContext<String, Object> context;

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
    context.forward(
        record.withKey(JobIds.fromName(coordinates)).withValue(submission.document()),
        SchedulerTopology.REKEY_SINK);
  }

  private static String coordinates(RecordMetadata m) {
    return m.topic() + "/" + m.partition() + "/" + m.offset();
  }
}
