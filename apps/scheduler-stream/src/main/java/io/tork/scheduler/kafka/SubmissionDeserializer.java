package io.tork.scheduler.kafka;

import io.tork.model.Access;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a {@code jobs} record. The content type comes from the {@code content-type} header; a
 * record without one is taken as JSON when it starts with '{', else as YAML. Who submitted it comes
 * from the {@code created-by} header; a record without one is {@link Access#GUEST}'s.
 */
final class SubmissionDeserializer implements Deserializer<Submission> {
  static final String CONTENT_TYPE_HEADER = "content-type";

  @Override
  public Submission deserialize(String topic, byte[] data) {
    return new Submission(sniff(data), data, Access.GUEST);
  }

  @Override
  public Submission deserialize(String topic, Headers headers, byte[] data) {
    String createdBy = text(headers.lastHeader(Access.CREATED_BY_HEADER));
    if (createdBy == null || createdBy.isBlank()) {
      createdBy = Access.GUEST;
    }
    if (data == null) {
      return new Submission("application/json", new byte[0], createdBy);
    }
    String contentType = text(headers.lastHeader(CONTENT_TYPE_HEADER));
    return new Submission(contentType == null ? sniff(data) : contentType, data, createdBy);
  }

  private static String text(Header header) {
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
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
