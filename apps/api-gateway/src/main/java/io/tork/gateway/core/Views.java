package io.tork.gateway.core;

/**
 * Everything the job routes read, in one object for wiring: the view on disk in the gateway ({@code
 * JobViews}), one in memory in handler tests. Each handler takes only the ports it reads.
 */
public interface Views extends JobReads, TaskReads, LogReads, ScheduledJobReads, ViewCounts {}
