package io.tork.kafka;

/**
 * A record of the {@code jobs} topic, read ({@link Submissions#read}): a job document as submitted,
 * its content type, and who submitted it.
 */
public record Submission(String contentType, byte[] document, String createdBy) {}
