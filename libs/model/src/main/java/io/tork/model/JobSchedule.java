package io.tork.model;

import java.time.Instant;

/** On a job a schedule started: which schedule, and the tick it was started for. */
public record JobSchedule(String id, String cron, Instant tick) {}
