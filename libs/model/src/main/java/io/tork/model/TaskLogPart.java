package io.tork.model;

import java.time.Instant;

/**
 * A batch of a task's output lines (stdout and stderr of its pre, main and post steps), shipped
 * while it runs. {@code number} counts the parts of one task record from 1.
 */
public record TaskLogPart(String jobId, String taskId, int number, String contents, Instant at) {}
