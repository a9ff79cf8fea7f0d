package io.tork.model;

import java.time.Instant;

/**
 * What a user asks of a job (cancel, restart, delete; fail what waits on a deleted queue), or what
 * the scheduler asks of itself to go on with a job in chunks (plan children, cancel what remains),
 * on the {@code job-commands} topic, keyed by job id.
 */
public sealed interface JobCommand
    permits CancelJob, RestartJob, DeleteJob, FailQueued, PlanChildren, CancelRemaining {
  String jobId();

  Instant at();
}
