package io.tork.scheduler.kafka;

import io.tork.model.Heartbeat;
import io.tork.model.Job;
import io.tork.model.JobState;
import io.tork.model.Limits;
import io.tork.model.Task;
import io.tork.model.TaskState;
import io.tork.scheduler.core.IdSource;
import io.tork.scheduler.core.JobInput;
import io.tork.scheduler.core.JobMachine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the job processor does every second rather than per record: the tasks of nodes that fell
 * silent run again elsewhere, and COMPLETED jobs whose {@code autoDelete} time has come are
 * removed. Each job is handled under the processor's guard: one that cannot be handled fails, and
 * the others are handled all the same.
 */
final class Housekeeping {
  private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

  /** Runs work for one job; an error fails that job ({@link IncidentGuard#guarded}). */
  @FunctionalInterface
  interface Guard {
    void guarded(String jobId, String what, String source, Runnable action);
  }

  private final ProcessorContext<String, Object> context;
  private final JobStores stores;
  private final DecisionWriter writer;
  private final Clock clock;
  private final IdSource ids;
  private final Limits limits;
  private final Duration nodeExpiry;
  private final Guard guard;

  Housekeeping(
      ProcessorContext<String, Object> context,
      JobStores stores,
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
    this.ids = ids;
    this.limits = limits;
    this.nodeExpiry = nodeExpiry;
    this.guard = guard;
  }

  void run() {
    try {
      recoverFromDeadNodes();
      purgeExpired();
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
   * Finds the tasks this instance owns that run on nodes silent for longer than the node expiry,
   * and runs them again elsewhere. Costs one pass over the running tasks, not over all tasks.
   */
  private void recoverFromDeadNodes() {
    Instant now = clock.instant();
    Instant freshest = freshest(now);
    if (freshest == null) {
      return; // no heartbeat from anyone yet: nothing to measure silence against
    }
    Instant deadline = freshest.minus(nodeExpiry);
    Map<String, Boolean> dead = new HashMap<>();
    List<String[]> lost = new ArrayList<>();
    try (KeyValueIterator<String, String> it = stores.nodeTasks.all()) {
      it.forEachRemaining(
          entry -> {
            String nodeId = entry.key.substring(0, entry.key.indexOf('/'));
            String taskId = entry.key.substring(entry.key.indexOf('/') + 1);
            if (dead.computeIfAbsent(nodeId, id -> isDead(id, taskId, deadline))) {
              lost.add(new String[] {nodeId, entry.value, taskId});
            }
          });
    }
    for (String[] entry : lost) {
      guard.guarded(entry[1], "the loss of node " + entry[0], "", () -> recover(entry, now));
    }
  }

  private void recover(String[] entry, Instant now) {
    Job job = stores.jobs.get(entry[1]);
    Task task = stores.tasks.get(entry[2]);
    if (job != null
        && task != null
        && task.state() == TaskState.RUNNING
        && task.nodeId().equals(entry[0])) {
      log.atWarn()
          .addKeyValue("nodeId", entry[0])
          .addKeyValue("jobId", job.id())
          .addKeyValue("taskId", task.id())
          .log("node stopped responding; recovering its task");
      long seed = JobInput.seedOf("node-lost/" + entry[0] + "/" + task.id() + "/" + now);
      JobInput lost = new JobInput.NodeLost(job, task, entry[0], now, seed);
      writer.apply(JobMachine.decide(lost, ids, stores, limits), job, job);
    } else {
      // Ended, or no longer on that node (returned by it): the index entry is stale.
      stores.nodeTasks.delete(entry[0] + "/" + entry[2]);
    }
  }

  /**
   * Removes the COMPLETED jobs whose {@code autoDelete} time has come: the job, its task records,
   * their index entries, their views (tombstones), and their logs (a tombstone keyed by the job on
   * {@code logs}, which the views read as "drop this job's logs"). Reads only expired entries.
   */
  private void purgeExpired() {
    long now = clock.millis();
    List<String[]> expired = new ArrayList<>();
    try (KeyValueIterator<String, String> it =
        stores.expiries.range(null, String.format("%020d/~", now))) {
      it.forEachRemaining(entry -> expired.add(new String[] {entry.key, entry.value}));
    }
    for (String[] entry : expired) {
      stores.expiries.delete(entry[0]);
      guard.guarded(entry[1], "the job's deletion", "", () -> purge(entry[1], now));
    }
  }

  private void purge(String jobId, long now) {
    Job job = stores.jobs.get(jobId);
    if (job == null || job.state() != JobState.COMPLETED) {
      return; // restarted meanwhile, or gone
    }
    List<String> keys = JobStores.keys(stores.jobTasks, job.id() + "/");
    for (String key : keys) {
      String taskId = key.substring(key.indexOf('/') + 1);
      Task task = stores.tasks.get(taskId);
      if (task != null && task.isChild()) {
        stores.children.delete(task.parentId() + "/" + task.index());
      }
      stores.tasks.delete(taskId);
      stores.activeTasks.delete(StoreNames.activeKey(job.id(), taskId));
      stores.jobTasks.delete(key);
      context.forward(
          new Record<String, Object>(taskId, null, now), SchedulerTopology.TASK_VIEWS_SINK);
    }
    JobStores.keys(stores.outputs, job.id() + "/").forEach(stores.outputs::delete);
    stores.jobs.delete(job.id());
    context.forward(
        new Record<String, Object>(job.id(), null, now), SchedulerTopology.JOB_VIEWS_SINK);
    context.forward(new Record<String, Object>(job.id(), null, now), SchedulerTopology.LOGS_SINK);
    log.atInfo()
        .addKeyValue("jobId", job.id())
        .addKeyValue("tasks", keys.size())
        .log("job deleted (autoDelete)");
  }

  /**
   * Silence is measured against the newest heartbeat of any node (schedulers and gateways send them
   * too), not only against the clock: when the heartbeats topic itself stalls (a broker lost, this
   * instance's global consumer behind), every node falls silent at once and none is declared dead
   * for it.
   */
  private Instant freshest(Instant now) {
    Instant newest = null;
    try (KeyValueIterator<String, Heartbeat> it = stores.nodes.all()) {
      while (it.hasNext()) {
        Instant at = it.next().value.at();
        if (at != null && (newest == null || at.isAfter(newest))) {
          newest = at;
        }
      }
    }
    return newest == null || newest.isBefore(now) ? newest : now;
  }

  /** Silent since before {@code deadline}; a node never heard of counts from the task's start. */
  private boolean isDead(String nodeId, String taskId, Instant deadline) {
    Heartbeat last = stores.nodes.get(nodeId);
    if (last != null) {
      return last.at().isBefore(deadline);
    }
    Task task = stores.tasks.get(taskId);
    return task == null || task.startedAt() == null || task.startedAt().isBefore(deadline);
  }
}
