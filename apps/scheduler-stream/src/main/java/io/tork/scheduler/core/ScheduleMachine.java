package io.tork.scheduler.core;

import io.tork.model.Job;
import io.tork.model.JobIds;
import io.tork.model.JobSchedule;
import io.tork.model.ScheduleCommand;
import io.tork.model.ScheduleSpec;
import io.tork.model.ScheduledJob;
import io.tork.model.ScheduledJob.ScheduledJobState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Scheduled jobs: their states (ACTIVE, PAUSED, deleted) and when they fire: each tick starts a
 * job, except that ticks missed while the engine was down start one job, not one each (see {@link
 * #due}). The job's id derives from the schedule and the tick, so even a repeated firing of the
 * same tick starts the job once.
 */
public final class ScheduleMachine {
  /** Bounds the walk over missed ticks (a per-second schedule down for a day: 86,400). */
  private static final int MAX_MISSED_TICKS = 1_000_000;

  private ScheduleMachine() {}

  /**
   * What a command changes.
   *
   * @param after the scheduled job after it (null with {@code deleted})
   */
  public record Change(@Nullable ScheduledJob after, boolean deleted) {
    public static final Change NONE = new Change(null, false);

    public boolean isNone() {
      return after == null && !deleted;
    }
  }

  /** A job to start, and the schedule after starting it. */
  public record Fire(Job job, ScheduledJob after) {}

  public static Change onCommand(@Nullable ScheduledJob current, ScheduleCommand command) {
    return switch (command) {
      case ScheduleCommand.Create create ->
          current != null
              ? Change.NONE
              : new Change(
                  new ScheduledJob(
                      create.id(),
                      create.spec(),
                      ScheduledJobState.ACTIVE,
                      create.at(),
                      create.at(),
                      create.createdBy()),
                  false);
      case ScheduleCommand.Pause pause ->
          current == null || current.state() != ScheduledJobState.ACTIVE
              ? Change.NONE
              : new Change(current.with(ScheduledJobState.PAUSED, current.lastTick()), false);
      case ScheduleCommand.Resume resume ->
          current == null || current.state() != ScheduledJobState.PAUSED
              ? Change.NONE
              // Ticks passed while paused are skipped: counting restarts at the resume.
              : new Change(current.with(ScheduledJobState.ACTIVE, resume.at()), false);
      case ScheduleCommand.Delete delete -> current == null ? Change.NONE : new Change(null, true);
    };
  }

  /**
   * The jobs to start now for the ticks of the schedule that are due. While the engine runs ({@code
   * catchUp} false) every due tick starts its own job, so a check that comes late (a slow commit, a
   * rebalance) loses none; after the engine (or this schedule's owner) was down ({@code catchUp}
   * true), the ticks missed meanwhile start one job, for the latest of them.
   */
  public static List<Fire> due(ScheduledJob scheduled, Instant now, boolean catchUp) {
    ScheduleSpec schedule = scheduled.spec().schedule();
    if (scheduled.state() != ScheduledJobState.ACTIVE || schedule == null) {
      return List.of();
    }
    Instant from = scheduled.lastTick() == null ? scheduled.createdAt() : scheduled.lastTick();
    List<Instant> ticks = new ArrayList<>();
    Optional<Instant> next = schedule.next(from);
    for (int i = 0; i < MAX_MISSED_TICKS && next.isPresent() && !next.get().isAfter(now); i++) {
      if (catchUp) {
        ticks.clear();
      }
      ticks.add(next.get());
      next = schedule.next(next.get());
    }
    List<Fire> fires = new ArrayList<>();
    ScheduledJob current = scheduled;
    for (Instant tick : ticks) {
      Job job =
          Job.pending(
                  JobIds.fromName("schedule/" + scheduled.id() + "/" + tick),
                  scheduled.spec().job(),
                  now,
                  scheduled.createdBy())
              .toBuilder()
              .schedule(new JobSchedule(scheduled.id(), schedule.cron(), tick))
              .build();
      current = current.with(current.state(), tick);
      fires.add(new Fire(job, current));
    }
    return fires;
  }
}
