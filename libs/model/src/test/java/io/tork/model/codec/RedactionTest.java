package io.tork.model.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.Job;
import io.tork.model.JobSpec;
import io.tork.model.Task;
import io.tork.model.TaskSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionTest {
  private static final TaskSpec SPEC =
      TaskSpec.of("t", "i", "echo $MY_PASSWORD")
          .withEnv(
              Map.of(
                  "MY_PASSWORD",
                  "hunter2",
                  "db_secret",
                  "s3cr3t",
                  "AWS_ACCESS_KEY_ID",
                  "AKIA1",
                  "PLAIN",
                  "uses hunter2 inside"));

  @Test
  void secretNamesAreRecognisedWhateverTheirCase() {
    assertThat(Redaction.isSecretName("db_secret")).isTrue();
    assertThat(Redaction.isSecretName("PASSWORD")).isTrue();
    assertThat(Redaction.isSecretName("aws_access_key_id")).isTrue();
    assertThat(Redaction.isSecretName("USER")).isFalse();
  }

  @Test
  void valuesAndEveryOccurrenceAreRedacted() {
    Task task =
        Task.scheduled("t1", "j1", 1, 1, 1, SPEC, "default", Instant.EPOCH)
            .failed("exit code 1: the password is hunter2 and s3cr3t", Instant.EPOCH);
    Redaction redaction = Redaction.of(task);
    Task shown = redaction.task(task);
    assertThat(shown.spec().env())
        .containsEntry("MY_PASSWORD", "[REDACTED]")
        .containsEntry("db_secret", "[REDACTED]")
        .containsEntry("AWS_ACCESS_KEY_ID", "[REDACTED]")
        .containsEntry("PLAIN", "uses [REDACTED] inside");
    assertThat(shown.error()).isEqualTo("exit code 1: the password is [REDACTED] and [REDACTED]");
    assertThat(redaction.text("log line hunter2")).isEqualTo("log line [REDACTED]");
  }

  @Test
  void aJobsInputsAndDefinitionsAreRedacted() {
    Job job =
        Job.pending(
            "j1",
            new JobSpec("j", null, Map.of("API_SECRET", "xyz", "n", "1"), List.of(SPEC)),
            Instant.EPOCH);
    Job shown = Redaction.of(job, List.of()).job(job);
    assertThat(shown.inputs()).containsEntry("API_SECRET", "[REDACTED]").containsEntry("n", "1");
    assertThat(shown.tasks().get(0).env()).containsEntry("MY_PASSWORD", "[REDACTED]");
  }

  @Test
  void theStartOfASecretAtTheEndOfATextIsFound() {
    Redaction redaction =
        Redaction.of(Task.scheduled("t1", "j1", 1, 1, 1, SPEC, "default", Instant.EPOCH));
    assertThat(redaction.partialSecretAtEnd("the password is hun")).isEqualTo(3);
    assertThat(redaction.partialSecretAtEnd("the password is hunter")).isEqualTo(6);
    assertThat(redaction.partialSecretAtEnd("the password is hunter2")).isZero(); // whole: redacted
    assertThat(redaction.partialSecretAtEnd("ends with s")).isEqualTo(1);
    assertThat(redaction.partialSecretAtEnd("nothing here")).isZero();
    assertThat(Redaction.none().partialSecretAtEnd("hun")).isZero();
  }
}
