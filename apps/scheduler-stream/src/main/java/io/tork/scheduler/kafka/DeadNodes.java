package io.tork.scheduler.kafka;

import io.tork.model.Heartbeat;
import io.tork.model.Job;
import io.tork.model.Limits;
import io.tork.model.Task;
import io.tork.model.TaskState;
import io.tork.scheduler.core.IdSource;
import io.tork.scheduler.core.JobInput;
import io.tork.scheduler.core.JobMachine;
import io.tork.scheduler.core.JobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-node policy: a node silent for longer than the node expiry has lost the tasks it ran,
 * and each runs again elsewhere ({@link JobInput.NodeLost}). Silence is measured against the newest
 * heartbeat of any node, not only against the clock. Costs one pass over the running records (of
 * the jobs this instance owns), not over all records.
 */
final class DeadNodes {
  private static final Logger log = LoggerFactory.getLogger(DeadNodes.class);

  private final ReadOnlyKeyValueStore<String, Heartbeat> nodes;
  private final StreamsJobStore stores;
  private final DecisionWriter writer;
  private final Clock clock;
  private final IdSource ids;
  private final Limits limits;
  private final Duration nodeExpiry;
  private final Housekeeping.Guard guard;

  DeadNodes(
      ProcessorContext<?, ?> context,
      StreamsJobStore stores,
      DecisionWriter writer,
      Clock clock,
      IdSource ids,
      Limits limits,
      Duration nodeExpiry,
      Housekeeping.Guard guard) {
    this.nodes = context.getStateStore(StoreNames.NODES);
    this.stores = stores;
    this.writer = writer;
    this.clock = clock;
    this.ids = ids;
    this.limits = limits;
    this.nodeExpiry = nodeExpiry;
    this.guard = guard;
  }

  /** Runs again the tasks of the nodes that fell silent. */
  void recover() {
    Instant now = clock.instant();
    Instant freshest = freshest(now);
    if (freshest == null) {
      return; // no heartbeat from anyone yet: nothing to measure silence against
    }
    Instant deadline = freshest.minus(nodeExpiry);
    Map<String, Boolean> dead = new HashMap<>();
    List<JobStore.OnNode> lost = new ArrayList<>();
    for (JobStore.OnNode on : stores.running()) {
      if (dead.computeIfAbsent(on.nodeId(), id -> isDead(id, on.taskId(), deadline))) {
        lost.add(on);
      }
    }
    for (JobStore.OnNode on : lost) {
      guard.guarded(on.jobId(), "the loss of node " + on.nodeId(), "", () -> recover(on, now));
    }
  }

  private void recover(JobStore.OnNode on, Instant now) {
    Job job = stores.job(on.jobId());
    Task task = stores.task(on.taskId());
    if (job != null
        && task != null
        && task.state() == TaskState.RUNNING
        && task.nodeId().equals(on.nodeId())) {
      log.atWarn()
          .addKeyValue("nodeId", on.nodeId())
          .addKeyValue("jobId", job.id())
          .addKeyValue("taskId", task.id())
          .log("node stopped responding; recovering its task");
      long seed = JobInput.seedOf("node-lost/" + on.nodeId() + "/" + task.id() + "/" + now);
      JobInput lost = new JobInput.NodeLost(job, task, on.nodeId(), now, seed);
      writer.apply(JobMachine.decide(lost, ids, stores, limits), job, job);
    } else {
      // Ended, or no longer on that node (returned by it): the index entry is stale.
      stores.notRunning(on.nodeId(), on.taskId());
    }
  }

  /**
   * The newest heartbeat of any node (schedulers and gateways send them too): when the heartbeats
   * topic itself stalls (a broker lost, this instance's global consumer behind), every node falls
   * silent at once and none is declared dead for it.
   */
  private Instant freshest(Instant now) {
    Instant newest = null;
    try (KeyValueIterator<String, Heartbeat> it = nodes.all()) {
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
    Heartbeat last = nodes.get(nodeId);
    if (last != null) {
      return last.at().isBefore(deadline);
    }
    Task task = stores.task(taskId);
    return task == null || task.startedAt() == null || task.startedAt().isBefore(deadline);
  }
}
