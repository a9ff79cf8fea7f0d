package io.tork.scheduler.kafka;

/** The scheduler's state stores: together they are the datastore. */
final class StoreNames {
  /** job id -> Job: the job's definition and progress, bounded by its definition. */
  static final String JOBS = "jobs";

  /** task id -> Task: every task record of every job, one entry each. */
  static final String TASKS = "tasks";

  private StoreNames() {}
}
