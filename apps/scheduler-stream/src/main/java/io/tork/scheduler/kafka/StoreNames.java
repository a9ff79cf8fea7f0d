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

  /**
   * "nodeId/taskId" -> job id, for the task records running on a node: when a node dies, its tasks
   * are found here (on every instance, for the jobs that instance owns).
   */
  static final String NODE_TASKS = "node-tasks";

  /**
   * "parentId/index" -> task id of the latest record of that child of a composite task: an {@code
   * each} finds its next held-back child here without reading its siblings.
   */
  static final String CHILDREN = "children";

  /** scheduled job id -> ScheduledJob: the schedules and the last tick each has started. */
  static final String SCHEDULES = "schedules";

  /** stream task id -> when its schedules were last checked (epoch ms): was it down? */
  static final String SCHEDULE_CHECKS = "schedule-checks";

  /**
   * "jobId/var" -> result: what the job's tasks with a {@code var} wrote, one entry each, so that a
   * completion writes one entry, not the job's whole context.
   */
  static final String OUTPUTS = "outputs";

  /**
   * "parentId/chunk" -> JSON list: the items of a large {@code each} list whose children are still
   * being planned, a chunk of {@code ItemChunk.SIZE} per entry; removed once every child has its
   * record (or the parent ended first).
   */
  static final String ITEMS = "each-items";

  /** "jobId/taskId" -> "": every task record of a job, to remove them with the job. */
  static final String JOB_TASKS = "job-tasks";

  /**
   * "deleteAt (epoch ms, 20 digits)/jobId" -> job id: COMPLETED jobs with {@code autoDelete}, in
   * the order they expire; the purge reads only the expired head.
   */
  static final String EXPIRIES = "expiries";

  /**
   * "due (epoch ms, 20 digits)/jobId/taskId" -> "jobId/taskId": the timers, in the order they are
   * due: the {@code dueAt} of a waiting retry, and (taskId "") the {@code deadline} of a job with a
   * {@code timeout}; the punctuator reads only the due head.
   */
  static final String TIMERS = "timers";

  /**
   * task id -> Task: tasks dispatched to a queue whose topics were still being made, sent (and
   * removed) once they exist ({@code HeldDispatches}); almost always empty.
   */
  static final String HELD_DISPATCHES = "held-dispatches";

  /** node id -> its latest heartbeat: a global store, the same on every instance. */
  static final String NODES = "nodes";

  static String activeKey(String jobId, String taskId) {
    return jobId + "/" + taskId;
  }

  private StoreNames() {}
}
