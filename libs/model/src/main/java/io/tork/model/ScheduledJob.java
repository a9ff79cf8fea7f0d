package io.tork.model;

import java.time.Instant;
import java.util.Optional;
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

  /**
   * When the schedule starts its next job, as of {@code now}: the first tick after both the last
   * one started and {@code now} (a tick due but not started yet is starting now), in the schedule's
   * zone; empty while PAUSED or for a schedule with no tick left.
   */
  public Optional<Instant> nextRunAt(Instant now) {
    if (state != ScheduledJobState.ACTIVE || spec.schedule() == null) {
      return Optional.empty();
    }
    Instant from = lastTick == null ? createdAt : lastTick;
    return spec.schedule().next(from.isAfter(now) ? from : now);
  }

  /** The keys of those who may see and act on it ({@link Access#keysOf}). */
  public java.util.List<String> accessKeys() {
    return Access.keysOf(createdBy, spec.permissions());
  }
}
