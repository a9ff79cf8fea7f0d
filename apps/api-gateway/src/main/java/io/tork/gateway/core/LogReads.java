package io.tork.gateway.core;

import io.tork.model.TaskLogPart;
import java.util.Iterator;
import java.util.function.Consumer;

/** The tasks' log parts as the gateway's view holds them (kept for the log retention). */
public interface LogReads extends ReadModel {
  /** A task's log parts, newest first (or oldest first); read as consumed. */
  Iterator<TaskLogPart> taskLog(String jobId, String taskId, boolean newestFirst);

  /** A job's log parts: its newest task records first, each one's newest parts first. */
  Iterator<TaskLogPart> jobLog(String jobId);

  /**
   * Calls {@code follower} with each new log part of the task; returns what stops following.
   * Followers run on the view's thread: they must not block.
   */
  Runnable followTaskLog(String taskId, Consumer<TaskLogPart> follower);
}
