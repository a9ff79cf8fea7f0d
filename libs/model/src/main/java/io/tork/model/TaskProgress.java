package io.tork.model;

import java.time.Instant;

/** The task wrote a new value (0..100) to {@code $TORK_PROGRESS}. */
public record TaskProgress(String jobId, String taskId, double progress, Instant at)
    implements TaskEvent {}
