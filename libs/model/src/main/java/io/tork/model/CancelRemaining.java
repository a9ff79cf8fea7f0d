package io.tork.model;

import java.time.Instant;

/**
 * The scheduler's own: cancel the next records of a job that has ended but still has active ones (a
 * failed or cancelled job with many held-back children is cancelled a chunk per decision).
 * Idempotent: a job with no active record left, or one running again, decides nothing.
 */
public record CancelRemaining(String jobId, Instant at) implements JobCommand {}
