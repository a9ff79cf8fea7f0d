package io.tork.model;

import java.time.Instant;

/** What a user asks of a scheduled job, on the {@code scheduled-jobs} topic, keyed by its id. */
public sealed interface ScheduleCommand {
  String id();

  Instant at();

  record Create(String id, ScheduledJobSpec spec, Instant at) implements ScheduleCommand {}

  record Pause(String id, Instant at) implements ScheduleCommand {}

  record Resume(String id, Instant at) implements ScheduleCommand {}

  record Delete(String id, Instant at) implements ScheduleCommand {}
}
