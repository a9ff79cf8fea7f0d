package io.tork.model;

import java.time.Instant;

/** What a user asks of a scheduled job, on the {@code scheduled-jobs} topic, keyed by its id. */
public sealed interface ScheduleCommand {
  String id();

  Instant at();

  /** {@code createdBy}: who asked; the jobs it starts are theirs. */
  record Create(String id, ScheduledJobSpec spec, Instant at, String createdBy)
      implements ScheduleCommand {
    public Create {
      createdBy = Strings.orEmpty(createdBy);
    }
  }

  record Pause(String id, Instant at) implements ScheduleCommand {}

  record Resume(String id, Instant at) implements ScheduleCommand {}

  record Delete(String id, Instant at) implements ScheduleCommand {}
}
