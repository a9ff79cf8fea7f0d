package io.tork.scheduler.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.kafka.Submission;
import io.tork.kafka.Submissions;
import io.tork.model.Job;
import io.tork.model.JobState;
import io.tork.model.Limits;
import io.tork.model.codec.JobDocuments;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SubmissionIntakeTest {
  private static final String ID = "0123456789abcdef0123456789abcdef";
  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
  private static final byte[] HELLO =
      "name: hello\ntasks: [{name: t, image: i, run: r}]\n".getBytes(StandardCharsets.UTF_8);

  private final SubmissionIntake intake = new SubmissionIntake(Limits.DEFAULTS);

  @Test
  void aJobInTheEnginesFormIsReadNotValidatedAgain() {
    Job accepted = Job.pending(ID, JobDocuments.parse(HELLO, "text/yaml"), AT, "alice");
    Submission submission =
        new Submission(JobDocuments.ENGINE_JOB, Submissions.engineJob(accepted), "ignored");
    long read = JobDocuments.documentsRead();
    assertThat(intake.job(ID, submission, AT.plusSeconds(5))).isEqualTo(accepted);
    assertThat(JobDocuments.documentsRead()).isEqualTo(read);
  }

  @Test
  void aUsersDocumentIsValidatedIntoAPendingJob() {
    long read = JobDocuments.documentsRead();
    Job job = intake.job(ID, new Submission("text/yaml", HELLO, "bob"), AT);
    assertThat(JobDocuments.documentsRead() - read).isOne();
    assertThat(job).isEqualTo(Job.pending(ID, JobDocuments.parse(HELLO, "text/yaml"), AT, "bob"));
  }

  @Test
  void anInvalidDocumentIsAFailedJobWithTheReason() {
    byte[] broken = "name: broken\ntasks: []\n".getBytes(StandardCharsets.UTF_8);
    Job job = intake.job(ID, new Submission("text/yaml", broken, "bob"), AT);
    assertThat(job.state()).isEqualTo(JobState.FAILED);
    assertThat(job.name()).isEqualTo("broken");
    assertThat(job.error()).isEqualTo("tasks: must contain at least one task");
    assertThat(job.createdBy()).isEqualTo("bob");
    assertThat(job.failedAt()).isEqualTo(AT);
  }

  @Test
  void aKeyThatIsNotAJobIdFailsTheJobSayingSo() {
    Job job = intake.job("not an id", new Submission("text/yaml", HELLO, "bob"), AT);
    assertThat(job.state()).isEqualTo(JobState.FAILED);
    assertThat(job.id()).matches("[0-9a-f]{32}");
    assertThat(job.error()).isEqualTo("key: 'not an id' is not a job id");
  }
}
