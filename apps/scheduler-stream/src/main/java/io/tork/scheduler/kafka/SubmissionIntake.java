package io.tork.scheduler.kafka;

import io.tork.kafka.Submission;
import io.tork.model.InvalidJobException;
import io.tork.model.Job;
import io.tork.model.JobIds;
import io.tork.model.JobSpec;
import io.tork.model.Limits;
import io.tork.model.codec.JobDocuments;
import java.time.Instant;

/**
 * Turns a record of the {@code jobs} topic into the job it submits: a job in the engine's own form
 * as it was written (a gateway's, validated there; a re-keyed one; a sub-job; a schedule's run: ADR
 * 57), or a user's document a producer wrote straight to the topic, parsed and validated into a
 * PENDING job; one that is not valid (or whose key is not a job id) becomes a job FAILED with the
 * reason, so the user sees why.
 */
final class SubmissionIntake {
  private final Limits limits;

  SubmissionIntake(Limits limits) {
    this.limits = limits;
  }

  /** The job {@code submission} (keyed {@code jobId}, written at {@code createdAt}) submits. */
  Job job(String jobId, Submission submission, Instant createdAt) {
    if (submission.isEngineJob()) {
      return submission.engineJob();
    }
    if (!JobIds.isValid(jobId)) {
      return Job.rejected(
              JobIds.fromName(jobId),
              "",
              "key: '" + abbreviate(jobId) + "' is not a job id",
              createdAt)
          .toBuilder()
          .createdBy(submission.createdBy())
          .build();
    }
    try {
      JobSpec spec = JobDocuments.parse(submission.document(), submission.contentType(), limits);
      return Job.pending(jobId, spec, createdAt, submission.createdBy());
    } catch (InvalidJobException e) {
      String name = JobDocuments.nameOf(submission.document(), submission.contentType());
      return Job.rejected(jobId, name, e.getMessage(), createdAt).toBuilder()
          .createdBy(submission.createdBy())
          .build();
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 500 ? text.substring(0, 497) + "..." : text;
  }
}
