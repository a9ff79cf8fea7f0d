package io.tork.scheduler.kafka;

import io.tork.model.Job;
import io.tork.model.JobState;
import io.tork.model.Limits;
import io.tork.scheduler.core.IdSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the job processor does every second rather than per record: the tasks of nodes that fell
 * silent run again elsewhere ({@link DeadNodes}), and COMPLETED jobs whose {@code autoDelete} time
 * has come are removed; and, more often, the timers that came due fire ({@link DueTimers}). Each
 * job is handled under the processor's guard: one that cannot be handled fails, and the others are
 * handled all the same.
 */
final class Housekeeping {
  private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

  /** Runs work for one job; an error fails that job ({@link IncidentGuard#guarded}). */
  @FunctionalInterface
  interface Guard {
    void guarded(String jobId, String what, String source, Runnable action);
  }

  private final ProcessorContext<String, Object> context;
  private final StreamsJobStore stores;
  private final DecisionWriter writer;
  private final Clock clock;
  private final Guard guard;
  private final DeadNodes deadNodes;
  private final DueTimers timers;

  Housekeeping(
      ProcessorContext<String, Object> context,
      StreamsJobStore stores,
      DecisionWriter writer,
      Clock clock,
      IdSource ids,
      Limits limits,
      Duration nodeExpiry,
      Guard guard) {
    this.context = context;
    this.stores = stores;
    this.writer = writer;
    this.clock = clock;
    this.guard = guard;
    this.deadNodes = new DeadNodes(context, stores, writer, clock, ids, limits, nodeExpiry, guard);
    this.timers = new DueTimers(stores, writer, clock, ids, limits, guard);
  }

  void run() {
    handled(
        () -> {
          deadNodes.recover();
          purgeExpired();
        });
  }

  void fireTimers() {
    handled(timers::fire);
  }

  private void handled(Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      if (writer.isWriting()) {
        throw e; // half written: only the transaction's abort undoes it
      }
      // A store that cannot be read now: try again in a second, saying so once a minute.
      long now = clock.millis();
      if (now - lastFailureLogged > 60_000) {
        lastFailureLogged = now;
        log.atError().setCause(e).log("incident: housekeeping failed; retrying every second");
      }
    }
  }

  private long lastFailureLogged;

  /**
   * Removes the COMPLETED jobs whose {@code autoDelete} time has come: the job, its task records,
   * their index entries, their views (tombstones), and their logs (a tombstone keyed by the job on
   * {@code logs}, which the views read as "drop this job's logs"). Reads only expired entries.
   */
  private void purgeExpired() {
    long now = clock.millis();
    for (String jobId : stores.takeExpired(Instant.ofEpochMilli(now))) {
      guard.guarded(jobId, "the job's deletion", "", () -> purge(jobId, now));
    }
  }

  private void purge(String jobId, long now) {
    Job job = stores.job(jobId);
    if (job == null || job.state() != JobState.COMPLETED) {
      return; // restarted meanwhile, or gone
    }
    delete(job, now, "autoDelete");
  }

  /**
   * Removes {@code job} (one that has ended), as its {@code autoDelete} does: the job, its records,
   * their index entries, their views and its logs; {@code why} is logged.
   */
  void delete(Job job, long now, String why) {
    List<String> removed = stores.remove(job.id());
    for (String taskId : removed) {
      context.forward(
          new Record<String, Object>(taskId, null, now), SchedulerTopology.TASK_VIEWS_SINK);
    }
    context.forward(
        new Record<String, Object>(job.id(), null, now), SchedulerTopology.JOB_VIEWS_SINK);
    context.forward(new Record<String, Object>(job.id(), null, now), SchedulerTopology.LOGS_SINK);
    log.atInfo()
        .addKeyValue("jobId", job.id())
        .addKeyValue("tasks", removed.size())
        .addKeyValue("why", why)
        .log("job deleted");
  }
}
