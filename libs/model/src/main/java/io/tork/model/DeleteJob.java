package io.tork.model;

import java.time.Instant;

/**
 * A user's: remove an ended job with its task records and logs ({@code DELETE /jobs/{id}}). A job
 * that has not ended is refused ({@link CommandRules}); the scheduler removes it as retention does.
 */
public record DeleteJob(String jobId, Instant at) implements JobCommand {}
