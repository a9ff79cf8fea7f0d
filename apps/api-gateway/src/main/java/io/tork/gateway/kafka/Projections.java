package io.tork.gateway.kafka;

import java.time.Clock;

/**
 * The view store's projections, one per thing the gateway reads, over one store (ADR 33): each
 * writes and reads its own column families, so that the store's layout is theirs together.
 */
record Projections(
    JobProjection jobs, TaskProjection tasks, LogProjection logs, ScheduleProjection schedules) {
  static Projections over(ViewStore store, ViewRetention retention, Clock clock) {
    TaskProjection tasks = new TaskProjection(store);
    LogProjection logs = new LogProjection(store, retention, tasks);
    JobProjection jobs = new JobProjection(store, retention, clock, tasks, logs);
    return new Projections(jobs, tasks, logs, new ScheduleProjection(store));
  }
}
