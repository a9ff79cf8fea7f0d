package io.tork.model;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A scheduled job as the engine tracks it.
 *
 * @param lastTick the latest tick a job was started for (or, after a resume, the resume time): the
 *     next job starts at the first tick after it
 * @param createdBy who created it: the jobs it starts are theirs, with its {@code permissions}
 */
public record ScheduledJob(
    String id,
    ScheduledJobSpec spec,
    ScheduledJobState state,
    Instant createdAt,
    @Nullable Instant lastTick,
    String createdBy) {
  public ScheduledJob {
    createdBy = Strings.orEmpty(createdBy);
  }

  /** ACTIVE schedules start jobs; PAUSED ones wait to be resumed. */
  public enum ScheduledJobState {
    ACTIVE,
    PAUSED
  }

  /** The same scheduled job in another state, or after another tick. */
  public ScheduledJob with(ScheduledJobState newState, @Nullable Instant newLastTick) {
    return new ScheduledJob(id, spec, newState, createdAt, newLastTick, createdBy);
  }

  /** The keys of those who may see and act on it ({@link Access#keysOf}). */
  public java.util.List<String> accessKeys() {
    return Access.keysOf(createdBy, spec.permissions());
  }
}
