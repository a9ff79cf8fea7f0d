package io.tork.model;

import java.time.Instant;

/** Stop the job: its active tasks are cancelled and their containers stopped. */
public record CancelJob(String jobId, Instant at) implements JobCommand {}
