package io.tork.scheduler.kafka;

/** The scheduler's state stores: together they are the datastore. */
final class StoreNames {
  /** job id -> Job: the job's definition and progress, bounded by its definition. */
  static final String JOBS = "jobs";

  /** task id -> Task: every task record of every job, one entry each. */
  static final String TASKS = "tasks";

  /**
   * "jobId/taskId" -> task id, for the task records of a job that have not ended: a cancel finds
   * them with one prefix scan, and no event pays for the job's size.
   */
  static final String ACTIVE_TASKS = "active-tasks";

  static String activeKey(String jobId, String taskId) {
    return jobId + "/" + taskId;
  }

  private StoreNames() {}
}
