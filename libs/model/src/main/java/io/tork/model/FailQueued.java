package io.tork.model;

import java.time.Instant;

/**
 * The API's, for a deleted queue ({@code DELETE /queues/{name}}): the job's records still waiting
 * on {@code queue} (SCHEDULED, taken by no worker) end FAILED with {@code queue deleted}, and so
 * does the job, with no retry (the queue a retry would wait on is gone). Records running are left
 * to the job's failure, as for any failed task. Idempotent: a job with no record waiting there, or
 * one that has ended, decides nothing.
 */
public record FailQueued(String jobId, String queue, Instant at) implements JobCommand {
  /** The error of the records and of the job. */
  public static final String ERROR = "queue deleted";

  public FailQueued {
    queue = Strings.orEmpty(queue);
  }
}
