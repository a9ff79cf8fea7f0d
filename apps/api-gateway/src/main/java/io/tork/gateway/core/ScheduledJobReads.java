package io.tork.gateway.core;

import io.tork.model.ScheduledJob;
import java.util.List;
import java.util.Optional;

/** The scheduled jobs as the gateway's view holds them. */
public interface ScheduledJobReads extends ReadModel {
  Optional<ScheduledJob> scheduledJob(String id);

  /** The scheduled jobs, newest first. */
  List<ScheduledJob> scheduledJobs();
}
