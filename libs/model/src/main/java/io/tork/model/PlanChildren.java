package io.tork.model;

import java.time.Instant;

/**
 * The scheduler's own: plan (and release) the next children of the composite task {@code taskId}. A
 * large {@code parallel} or {@code each} is planned a chunk per decision, each chunk sending this
 * for the next, so that other jobs' events are decided in between. Idempotent: a task with nothing
 * left to plan, or an ended job, decides nothing.
 */
public record PlanChildren(String jobId, String taskId, Instant at) implements JobCommand {}
