package io.tork.scheduler.kafka;

/**
 * A record of the {@code jobs} topic: a job document as submitted, with its content type and who
 * submitted it (the {@code created-by} header, {@link io.tork.model.Access#CREATED_BY_HEADER}).
 */
record Submission(String contentType, byte[] document, String createdBy) {}
