package io.tork.model;

/**
 * Tells one worker node to stop a task it runs (the seed's {@code x-<worker id>} queue: the {@code
 * worker-commands} topic, keyed by node id).
 */
public record CancelTask(String nodeId, String jobId, String taskId) {}
