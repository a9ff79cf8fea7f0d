package io.tork.model;

import java.time.Instant;

/** What a user asks of a job, on the {@code job-commands} topic, keyed by job id. */
public sealed interface JobCommand permits CancelJob, RestartJob {
  String jobId();

  Instant at();
}
