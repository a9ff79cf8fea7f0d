package io.tork.model;

import java.time.Instant;

/** Resume a FAILED or CANCELLED job from the task that did not complete. */
public record RestartJob(String jobId, Instant at) implements JobCommand {}
