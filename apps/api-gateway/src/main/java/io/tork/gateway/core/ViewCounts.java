package io.tork.gateway.core;

import io.tork.model.JobState;
import java.util.Iterator;
import java.util.Map;

/** Counts kept as the view's records arrive: reading one costs no walk over the jobs. */
public interface ViewCounts {
  /** How many jobs are in {@code state} now. */
  int jobCount(JobState state);

  /** How many task records are RUNNING now. */
  int runningTaskCount();

  /**
   * Tasks waiting in each queue (SCHEDULED: dispatched, not yet taken by a worker), by queue name.
   */
  Map<String, Long> waitingByQueue();

  /**
   * The ids of the jobs with records waiting (SCHEDULED) on {@code queue}, each once, as an index
   * kept beside the counts holds them (a walk over those jobs only, read as consumed).
   */
  Iterator<String> jobsWaitingOn(String queue);
}
