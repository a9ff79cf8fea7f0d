package io.tork.scheduler.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a {@code jobs} record. The content type comes from the {@code content-type} header; a
 * record without one is taken as JSON when it starts with '{', else as YAML.
 */
final class SubmissionDeserializer implements Deserializer<Submission> {
  static final String CONTENT_TYPE_HEADER = "content-type";

  @Override
  public Submission deserialize(String topic, byte[] data) {
    return new Submission(sniff(data), data);
  }

  @Override
  public Submission deserialize(String topic, Headers headers, byte[] data) {
    if (data == null) {
      return new Submission("application/json", new byte[0]);
    }
    Header header = headers.lastHeader(CONTENT_TYPE_HEADER);
    if (header == null || header.value() == null) {
      return new Submission(sniff(data), data);
    }
    return new Submission(new String(header.value(), StandardCharsets.UTF_8), data);
  }

  private static String sniff(byte[] data) {
    for (byte b : data) {
      if (!Character.isWhitespace(b)) {
        return b == '{' || b == '[' ? "application/json" : "text/yaml";
      }
    }
    return "text/yaml";
  }
}
