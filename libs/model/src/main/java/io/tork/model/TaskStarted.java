package io.tork.model;

import java.time.Instant;

/** A worker accepted the task and is starting its containers. */
public record TaskStarted(String jobId, String taskId, String nodeId, Instant at)
    implements TaskEvent {}
