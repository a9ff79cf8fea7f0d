package io.tork.gateway.kafka;

import io.tork.model.Job;
import io.tork.model.Task;
import java.util.List;

/** A job as the view holds it, with its task records in creation order. */
public record JobSnapshot(Job job, List<Task> execution) {}
