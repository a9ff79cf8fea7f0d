package io.tork.kafka;

import io.tork.model.Access;
import io.tork.model.Job;
import io.tork.model.codec.JobDocuments;
import io.tork.model.codec.Json;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

/**
 * The {@code jobs} topic's record contract, written once for whoever writes or reads it (the
 * gateway, the scheduler, its schedules and sub-jobs): the value is the document; the {@code
 * content-type} header says how to read it (a user's JSON or YAML, or {@link
 * JobDocuments#ENGINE_JOB}, a job the engine made or the gateway validated: ADR 57, read and not
 * parsed again), and a record without one is JSON when it starts with '{' or '[', else YAML (any
 * producer may submit); the {@code created-by} header ({@link Access#CREATED_BY_HEADER}) names who
 * submitted it, and a record without one is {@link Access#GUEST}'s.
 */
public final class Submissions {
  public static final String CONTENT_TYPE_HEADER = "content-type";

  private Submissions() {}

  /** The headers of a user's document of {@code contentType}, submitted by {@code createdBy}. */
  public static Headers headers(String contentType, String createdBy) {
    return new RecordHeaders()
        .add(CONTENT_TYPE_HEADER, utf8(contentType))
        .add(Access.CREATED_BY_HEADER, utf8(createdBy));
  }

  /**
   * The value of a job in the engine's own form ({@link JobDocuments#ENGINE_JOB}): the internal
   * format, its secrets sealed (ADR 46).
   */
  public static byte[] engineJob(Job job) {
    return Json.write(job);
  }

  /** The headers of a job the engine made (a sub-job, a scheduled run): its JSON as is. */
  public static Headers engineJob() {
    return new RecordHeaders().add(CONTENT_TYPE_HEADER, utf8(JobDocuments.ENGINE_JOB));
  }

  /** {@code headers} with the content type replaced by {@code contentType}; the rest kept. */
  public static Headers withContentType(Headers headers, String contentType) {
    Headers out = new RecordHeaders(headers.toArray());
    out.remove(CONTENT_TYPE_HEADER);
    out.add(CONTENT_TYPE_HEADER, utf8(contentType));
    return out;
  }

  /** Reads a record; a record without a value is an empty JSON document. */
  public static Submission read(Headers headers, byte @Nullable [] value) {
    if (value == null) {
      return new Submission("application/json", new byte[0], createdBy(headers));
    }
    return new Submission(contentType(headers, value), value, createdBy(headers));
  }

  /** The record's content type: its header, else sniffed from the document. */
  public static String contentType(Headers headers, byte[] value) {
    String header = text(headers.lastHeader(CONTENT_TYPE_HEADER));
    return header == null ? sniff(value) : header;
  }

  /** Who submitted the record: its header, else the guest. */
  public static String createdBy(Headers headers) {
    String name = text(headers.lastHeader(Access.CREATED_BY_HEADER));
    return name == null || name.isBlank() ? Access.GUEST : name;
  }

  /** JSON when the document starts with '{' or '[', else YAML. */
  public static String sniff(byte[] document) {
    for (byte b : document) {
      if (!Character.isWhitespace(b)) {
        return b == '{' || b == '[' ? "application/json" : "text/yaml";
      }
    }
    return "text/yaml";
  }

  private static @Nullable String text(@Nullable Header header) {
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
