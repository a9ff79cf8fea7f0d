package io.tork.scheduler.core;

import io.tork.model.Job;
import io.tork.model.JobCommand;
import io.tork.model.TaskEvent;

/** What a decision tells other jobs: they may live on another partition, so they go by topic. */
public sealed interface Message {
  /** Start a new job: a sub-job. */
  record SubmitJob(Job job) implements Message {}

  /** Command another job: cancel a sub-job, or the parent of a cancelled sub-job. */
  record SendCommand(JobCommand command) implements Message {}

  /** A sub-job ended: the parent job hears it as an event of the task that started it. */
  record ReportToParent(TaskEvent event) implements Message {}
}
