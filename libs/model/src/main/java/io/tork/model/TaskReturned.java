package io.tork.model;

import java.time.Instant;

/**
 * The worker {@code nodeId} is shutting down and gives the task back unfinished: the scheduler puts
 * the same record back on its queue (not a new attempt, not counted as a retry).
 */
public record TaskReturned(String jobId, String taskId, String nodeId, Instant at)
    implements TaskEvent {}
