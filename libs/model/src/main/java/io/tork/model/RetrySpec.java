package io.tork.model;

/** {@code retry: {limit: N}}: a failed task runs up to N more times. */
public record RetrySpec(int limit) {}
