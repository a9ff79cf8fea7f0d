package io.tork.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.Access;
import io.tork.model.Job;
import io.tork.model.codec.JobDocuments;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class SubmissionsTest {
  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void whatIsWrittenReadsBack() {
    Submission read =
        Submissions.read(Submissions.headers("text/yaml", "alice"), utf8("{\"name\": 1}"));
    assertThat(read.contentType()).isEqualTo("text/yaml"); // the header wins over the sniffing
    assertThat(read.createdBy()).isEqualTo("alice");
    assertThat(read.document()).isEqualTo(utf8("{\"name\": 1}"));
  }

  @Test
  void withoutHeadersJsonIsSniffedAndTheGuestSubmitted() {
    Headers none = new RecordHeaders();
    assertThat(Submissions.read(none, utf8("  {\"a\": 1}")).contentType())
        .isEqualTo("application/json");
    assertThat(Submissions.read(none, utf8("\n[1]")).contentType()).isEqualTo("application/json");
    assertThat(Submissions.read(none, utf8("name: x")).contentType()).isEqualTo("text/yaml");
    assertThat(Submissions.read(none, utf8("   ")).contentType()).isEqualTo("text/yaml");
    assertThat(Submissions.read(none, utf8("name: x")).createdBy()).isEqualTo(Access.GUEST);
  }

  @Test
  void aBlankSubmitterIsTheGuest() {
    Headers headers = new RecordHeaders().add(Access.CREATED_BY_HEADER, utf8(" "));
    assertThat(Submissions.createdBy(headers)).isEqualTo(Access.GUEST);
  }

  @Test
  void aRecordWithoutAValueIsAnEmptyJsonDocument() {
    Submission read = Submissions.read(Submissions.headers("text/yaml", "bob"), null);
    assertThat(read.contentType()).isEqualTo("application/json");
    assertThat(read.document()).isEmpty();
    assertThat(read.createdBy()).isEqualTo("bob");
  }

  @Test
  void anEngineJobSaysSo() {
    assertThat(Submissions.contentType(Submissions.engineJob(), utf8("name: x")))
        .isEqualTo(JobDocuments.ENGINE_JOB);
  }

  @Test
  void aJobInTheEnginesFormReadsBackAsItWasWritten() {
    Job job =
        Job.pending(
            "0123456789abcdef0123456789abcdef",
            JobDocuments.parse(utf8("name: n\ntasks: [{name: t, image: i}]\n"), "text/yaml"),
            Instant.parse("2026-01-01T00:00:00Z"),
            "alice");
    Submission read =
        Submissions.read(
            Submissions.headers(JobDocuments.ENGINE_JOB, "alice"), Submissions.engineJob(job));
    assertThat(read.isEngineJob()).isTrue();
    assertThat(read.engineJob()).isEqualTo(job);
    assertThat(Submissions.read(new RecordHeaders(), utf8("name: n")).isEngineJob()).isFalse();
  }

  @Test
  void theContentTypeIsReplacedAndTheRestKept() {
    Headers headers =
        Submissions.withContentType(Submissions.headers("text/yaml", "carol"), "application/json");
    assertThat(Submissions.contentType(headers, utf8("name: x"))).isEqualTo("application/json");
    assertThat(headers.headers(Submissions.CONTENT_TYPE_HEADER)).hasSize(1);
    assertThat(Submissions.createdBy(headers)).isEqualTo("carol");
  }
}
