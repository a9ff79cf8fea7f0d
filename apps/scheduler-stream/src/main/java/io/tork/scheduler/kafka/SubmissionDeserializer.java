package io.tork.scheduler.kafka;

import io.tork.kafka.Submission;
import io.tork.kafka.Submissions;
import io.tork.model.Access;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads a {@code jobs} record as {@link Submissions} says: its content type and who sent it. */
final class SubmissionDeserializer implements Deserializer<Submission> {
  @Override
  public Submission deserialize(String topic, byte[] data) {
    return new Submission(Submissions.sniff(data), data, Access.GUEST);
  }

  @Override
  public Submission deserialize(String topic, Headers headers, byte[] data) {
    return Submissions.read(headers, data);
  }
}
