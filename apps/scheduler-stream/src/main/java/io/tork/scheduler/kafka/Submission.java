package io.tork.scheduler.kafka;

/** A record of the {@code jobs} topic: a job document as submitted, with its content type. */
record Submission(String contentType, byte[] document) {}
