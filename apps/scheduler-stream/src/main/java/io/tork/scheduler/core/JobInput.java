package io.tork.scheduler.core;

import io.tork.model.Job;
import io.tork.model.JobCommand;
import io.tork.model.Task;
import io.tork.model.TaskEvent;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What {@link JobMachine#decide} decides on: one input concerning one job, with the time it is
 * decided at and a seed. Templates' {@code now()} reads that time and {@code randomInt()} draws
 * from that seed, so the same input decides the same, however often it is replayed (the engine
 * derives the seed from the record's place in its topic).
 */
public sealed interface JobInput {
  Instant now();

  long seed();

  /**
   * A seed from where an input comes from (a record's topic, partition and offset): the same each
   * time that input is read again. A 64-bit FNV-1a hash of {@code where}.
   */
  static long seedOf(String where) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < where.length(); i++) {
      hash = (hash ^ where.charAt(i)) * 0x100000001b3L;
    }
    return hash;
  }

  /** A job document was accepted; {@code existing} is a job stored under its id already. */
  record Submitted(Job job, @Nullable Job existing, Instant now, long seed) implements JobInput {}

  /** A worker (or a sub-job) reported on the task record {@code task} of {@code job}. */
  record Reported(Job job, Task task, TaskEvent event, Instant now, long seed)
      implements JobInput {}

  /** A user's command, or one from a related job, or this job's own next chunk. */
  record Commanded(Job job, JobCommand command, Instant now, long seed) implements JobInput {}

  /** The node {@code nodeId} running {@code task} stopped heartbeating. */
  record NodeLost(Job job, Task task, String nodeId, Instant now, long seed) implements JobInput {}

  /** The delay of the waiting retry {@code task} (PENDING, {@code dueAt}) may be over. */
  record RetryDue(Job job, Task task, Instant now, long seed) implements JobInput {}

  /** The job's {@code deadline} may have passed. */
  record DeadlinePassed(Job job, Instant now, long seed) implements JobInput {}

  /** The engine could not carry out what it decided for {@code job}. */
  record Incident(Job job, String reason, Instant now, long seed) implements JobInput {}
}
