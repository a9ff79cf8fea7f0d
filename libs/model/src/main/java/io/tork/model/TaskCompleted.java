package io.tork.model;

import java.time.Instant;

/** The task ran to success; {@code result} is what it wrote to {@code $TORK_OUTPUT}. */
public record TaskCompleted(String jobId, String taskId, String result, Instant at)
    implements TaskEvent {}
