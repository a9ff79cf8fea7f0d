package io.tork.model;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A scheduled job as the engine tracks it.
 *
 * @param lastTick the latest tick a job was started for (or, after a resume, the resume time): the
 *     next job starts at the first tick after it
 */
public record ScheduledJob(
    String id,
    ScheduledJobSpec spec,
    ScheduledJobState state,
    Instant createdAt,
    @Nullable Instant lastTick) {

  /** ACTIVE schedules start jobs; PAUSED ones wait to be resumed. */
  public enum ScheduledJobState {
    ACTIVE,
    PAUSED
  }
}
