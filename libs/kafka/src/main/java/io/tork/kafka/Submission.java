package io.tork.kafka;

import io.tork.model.Job;
import io.tork.model.codec.JobDocuments;
import io.tork.model.codec.Json;

/**
 * A record of the {@code jobs} topic, read ({@link Submissions#read}): a job document as submitted,
 * its content type, and who submitted it.
 */
public record Submission(String contentType, byte[] document, String createdBy) {

  /** Whether it is a job the engine wrote, validated already ({@link JobDocuments#ENGINE_JOB}). */
  public boolean isEngineJob() {
    return contentType.equals(JobDocuments.ENGINE_JOB);
  }

  /**
   * The job the engine wrote, read (its sealed values opened), not validated again.
   *
   * @throws IllegalArgumentException when the document is not a job
   */
  public Job engineJob() {
    return Json.read(document, Job.class);
  }
}
