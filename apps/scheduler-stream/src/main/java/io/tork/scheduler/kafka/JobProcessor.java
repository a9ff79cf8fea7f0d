package io.tork.scheduler.kafka;

import io.tork.model.CancelTask;
import io.tork.model.Heartbeat;
import io.tork.model.InvalidJobException;
import io.tork.model.Job;
import io.tork.model.JobCommand;
import io.tork.model.JobIds;
import io.tork.model.JobSpec;
import io.tork.model.Task;
import io.tork.model.TaskEvent;
import io.tork.model.TaskState;
import io.tork.model.WebhookCall;
import io.tork.model.codec.JobDocuments;
import io.tork.model.codec.Json;
import io.tork.scheduler.core.Decision;
import io.tork.scheduler.core.IdSource;
import io.tork.scheduler.core.JobMachine;
import io.tork.scheduler.core.Message;
import io.tork.scheduler.core.TaskLookup;
import io.tork.scheduler.core.WebhookCalls;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin adapter around {@link JobMachine}: load the job (and task) from the stores, decide,
 * store what changed, forward views and dispatches. Everything it reads is keyed by job id, so one
 * stream task owns a job and every transition of it is single-writer.
 */
final class JobProcessor implements Processor<String, Object, String, Object> {
  private static final Logger log = LoggerFactory.getLogger(JobProcessor.class);
  private static final Duration LIVENESS_CHECK = Duration.ofSeconds(1);

  private final QueueTopics queueTopics;
  private final Duration nodeExpiry;
  private KeyValueStore<String, String> nodeTasks;
  private ReadOnlyKeyValueStore<String, Heartbeat> nodes;
  private final Clock clock;
  private final IdSource ids;
  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, Job> jobs;
  private KeyValueStore<String, Task> tasks;
  private KeyValueStore<String, String> activeTasks;
  private KeyValueStore<String, String> children;
  private KeyValueStore<String, String> jobTasks;
  private KeyValueStore<String, String> expiries;
  private KeyValueStore<String, String> outputs;
  private final TaskLookup lookup = new StoreLookup();

  JobProcessor(QueueTopics queueTopics, Clock clock, IdSource ids, Duration nodeExpiry) {
    this.nodeExpiry = nodeExpiry;
    this.queueTopics = queueTopics;
    this.clock = clock;
    this.ids = ids;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.jobs = context.getStateStore(StoreNames.JOBS);
    this.tasks = context.getStateStore(StoreNames.TASKS);
    this.activeTasks = context.getStateStore(StoreNames.ACTIVE_TASKS);
    this.nodeTasks = context.getStateStore(StoreNames.NODE_TASKS);
    this.children = context.getStateStore(StoreNames.CHILDREN);
    this.jobTasks = context.getStateStore(StoreNames.JOB_TASKS);
    this.expiries = context.getStateStore(StoreNames.EXPIRIES);
    this.outputs = context.getStateStore(StoreNames.OUTPUTS);
    this.nodes = context.getStateStore(StoreNames.NODES);
    context.schedule(
        LIVENESS_CHECK,
        PunctuationType.WALL_CLOCK_TIME,
        now -> {
          recoverFromDeadNodes();
          purgeExpired();
        });
  }

  @Override
  public void process(Record<String, Object> record) {
    switch (record.value()) {
      case Submission submission -> submitted(record.key(), submission, record.timestamp());
      case TaskEvent event -> taskEvent(record.key(), event);
      case JobCommand command -> command(record.key(), command);
      default ->
          log.atWarn()
              .addKeyValue("key", record.key())
              .addKeyValue("type", record.value().getClass().getSimpleName())
              .log("ignoring a record of an unknown type");
    }
  }

  private void submitted(String jobId, Submission submission, long timestamp) {
    Instant createdAt = Instant.ofEpochMilli(timestamp);
    Job job;
    if (submission.contentType().equals(JobDocuments.ENGINE_JOB)) {
      job = Json.read(submission.document(), Job.class);
    } else if (!JobIds.isValid(jobId)) {
      job =
          Job.rejected(
              JobIds.fromName(jobId), "", "key: '" + jobId + "' is not a job id", createdAt);
    } else {
      try {
        JobSpec spec = JobDocuments.parse(submission.document(), submission.contentType());
        job = Job.pending(jobId, spec, createdAt);
      } catch (InvalidJobException e) {
        String name = JobDocuments.nameOf(submission.document(), submission.contentType());
        job = Job.rejected(jobId, name, e.getMessage(), createdAt);
        log.atWarn()
            .addKeyValue("jobId", jobId)
            .addKeyValue("error", e.getMessage())
            .log("job document rejected");
      }
    }
    Job existing = jobs.get(job.id());
    apply(JobMachine.submitted(job, existing, clock.instant(), ids), existing);
  }

  private void taskEvent(String jobId, TaskEvent event) {
    Job job = jobs.get(jobId);
    Task task = tasks.get(event.taskId());
    if (job == null || task == null || !task.jobId().equals(jobId)) {
      log.atWarn()
          .addKeyValue("jobId", jobId)
          .addKeyValue("taskId", event.taskId())
          .log("event for an unknown job or task ignored");
      return;
    }
    apply(JobMachine.onTaskEvent(job, task, event, clock.instant(), ids, lookup), job);
  }

  private void command(String jobId, JobCommand command) {
    Job job = jobs.get(jobId);
    if (job == null) {
      log.atWarn().addKeyValue("jobId", jobId).log("command for an unknown job ignored");
      return;
    }
    log.atInfo()
        .addKeyValue("jobId", jobId)
        .addKeyValue("command", command.getClass().getSimpleName())
        .log("job command");
    apply(JobMachine.onCommand(job, lookup, command, clock.instant(), ids), job);
  }

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
    try (KeyValueIterator<String, String> it = nodeTasks.all()) {
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
      Job job = jobs.get(entry[1]);
      Task task = tasks.get(entry[2]);
      if (job != null
          && task != null
          && task.state() == TaskState.RUNNING
          && task.nodeId().equals(entry[0])) {
        log.atWarn()
            .addKeyValue("nodeId", entry[0])
            .addKeyValue("jobId", job.id())
            .addKeyValue("taskId", task.id())
            .log("node stopped responding; recovering its task");
        apply(JobMachine.onNodeLost(job, task, entry[0], now, ids, lookup), job);
      } else {
        // Ended, or no longer on that node (returned by it): the index entry is stale.
        nodeTasks.delete(entry[0] + "/" + entry[2]);
      }
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
        expiries.range(null, String.format("%020d/~", now))) {
      it.forEachRemaining(entry -> expired.add(new String[] {entry.key, entry.value}));
    }
    for (String[] entry : expired) {
      expiries.delete(entry[0]);
      Job job = jobs.get(entry[1]);
      if (job == null || job.state() != io.tork.model.JobState.COMPLETED) {
        continue; // restarted meanwhile, or gone
      }
      purge(job, now);
    }
  }

  private void purge(Job job, long now) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, String> it =
        jobTasks.prefixScan(job.id() + "/", new StringSerializer())) {
      it.forEachRemaining(entry -> keys.add(entry.key));
    }
    for (String key : keys) {
      String taskId = key.substring(key.indexOf('/') + 1);
      Task task = tasks.get(taskId);
      if (task != null && task.isChild()) {
        children.delete(task.parentId() + "/" + task.index());
      }
      tasks.delete(taskId);
      activeTasks.delete(StoreNames.activeKey(job.id(), taskId));
      jobTasks.delete(key);
      context.forward(
          new Record<String, Object>(taskId, null, now), SchedulerTopology.TASK_VIEWS_SINK);
    }
    List<String> outputKeys = new ArrayList<>();
    try (KeyValueIterator<String, String> it =
        outputs.prefixScan(job.id() + "/", new StringSerializer())) {
      it.forEachRemaining(entry -> outputKeys.add(entry.key));
    }
    outputKeys.forEach(outputs::delete);
    jobs.delete(job.id());
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
    Task task = tasks.get(taskId);
    return task == null || task.startedAt() == null || task.startedAt().isBefore(deadline);
  }

  /**
   * Stores what the decision changed and sends what it sends. {@code before} is the job as it was
   * (null for a new one): comparing with it tells which webhooks fire.
   */
  private void apply(Decision decision, @Nullable Job before) {
    long now = clock.millis();
    Job after = decision.job() != null ? decision.job() : before;
    if (after != null) {
      decision.outputs().forEach((var, value) -> outputs.put(after.id() + "/" + var, value));
    }
    if (after != null && !after.webhooks().isEmpty() && !decision.isNothing()) {
      // Before the tasks are stored: their previous versions are still in the store.
      // Read entry by entry when a template asks (the outputs are stored already).
      String jobId = after.id();
      Map<String, String> known =
          new java.util.AbstractMap<>() {
            @Override
            public String get(Object var) {
              return lookup.output(jobId, String.valueOf(var));
            }

            @Override
            public Set<Entry<String, String>> entrySet() {
              return lookup.outputs(jobId).entrySet();
            }
          };
      for (WebhookCall call :
          WebhookCalls.of(before, after, decision.tasks(), tasks::get, known, clock.instant())) {
        context.forward(
            new Record<String, Object>(call.jobId(), call, now), SchedulerTopology.WEBHOOKS_SINK);
      }
    }
    for (Task task : decision.tasks()) {
      tasks.put(task.id(), task);
      String onNode = task.nodeId() + "/" + task.id();
      if (task.state() == TaskState.RUNNING && !task.nodeId().isEmpty()) {
        nodeTasks.put(onNode, task.jobId());
      } else if (!task.nodeId().isEmpty()) {
        nodeTasks.delete(onNode);
      }
      if (decision.created().contains(task.id())) {
        // Indexes of new records only: a record's later transitions do not move them.
        jobTasks.put(task.jobId() + "/" + task.id(), "");
        if (task.isChild()) {
          children.put(task.parentId() + "/" + task.index(), task.id());
        }
      }
      if (task.state().isActive()) {
        activeTasks.put(StoreNames.activeKey(task.jobId(), task.id()), task.id());
      } else {
        activeTasks.delete(StoreNames.activeKey(task.jobId(), task.id()));
      }
      context.forward(new Record<>(task.id(), task, now), SchedulerTopology.TASK_VIEWS_SINK);
      log.atInfo()
          .addKeyValue("jobId", task.jobId())
          .addKeyValue("taskId", task.id())
          .addKeyValue("state", task.state())
          .addKeyValue("attempt", task.attempt())
          .log("task " + task.state().name().toLowerCase(java.util.Locale.ROOT));
    }
    decision
        .changedJob()
        .ifPresent(
            job -> {
              jobs.put(job.id(), job);
              if (job.deleteAt() != null && job.state() == io.tork.model.JobState.COMPLETED) {
                expiries.put(StoreNames.expiryKey(job.deleteAt(), job.id()), job.id());
              }
              context.forward(new Record<>(job.id(), job, now), SchedulerTopology.JOB_VIEWS_SINK);
              log.atInfo()
                  .addKeyValue("jobId", job.id())
                  .addKeyValue("state", job.state())
                  .addKeyValue("position", job.position())
                  .log("job state");
            });
    for (CancelTask cancel : decision.cancellations()) {
      context.forward(
          new Record<>(cancel.nodeId(), cancel, now), SchedulerTopology.WORKER_COMMANDS_SINK);
      log.atInfo()
          .addKeyValue("jobId", cancel.jobId())
          .addKeyValue("taskId", cancel.taskId())
          .addKeyValue("nodeId", cancel.nodeId())
          .log("task cancellation sent to node");
    }
    for (Task task : decision.dispatches()) {
      queueTopics.ensure(task.queue());
      context.forward(new Record<>(task.id(), task, now), SchedulerTopology.DISPATCH_SINK);
    }
    for (Message message : decision.messages()) {
      send(message, now);
    }
  }

  /** Messages for other jobs go through the topics: those jobs may be owned elsewhere. */
  private void send(Message message, long now) {
    switch (message) {
      case Message.SubmitJob submit -> {
        Headers headers =
            new RecordHeaders()
                .add(
                    SubmissionDeserializer.CONTENT_TYPE_HEADER,
                    JobDocuments.ENGINE_JOB.getBytes(StandardCharsets.UTF_8));
        context.forward(
            new Record<String, Object>(submit.job().id(), submit.job(), now, headers),
            SchedulerTopology.SUBJOBS_SINK);
        log.atInfo()
            .addKeyValue("jobId", submit.job().id())
            .addKeyValue("parentJobId", submit.job().parentJobId())
            .log("sub-job submitted");
      }
      case Message.SendCommand command ->
          context.forward(
              new Record<String, Object>(command.command().jobId(), command.command(), now),
              SchedulerTopology.JOB_COMMANDS_SINK);
      case Message.ReportToParent report ->
          context.forward(
              new Record<String, Object>(report.event().jobId(), report.event(), now),
              SchedulerTopology.TASK_EVENTS_SINK);
    }
  }

  /** The stores, as the state machine reads them. */
  private final class StoreLookup implements TaskLookup {
    @Override
    public @Nullable Task task(String taskId) {
      return tasks.get(taskId);
    }

    @Override
    public @Nullable Task child(String parentId, int index) {
      String id = children.get(parentId + "/" + index);
      return id == null ? null : tasks.get(id);
    }

    @Override
    public @Nullable String output(String jobId, String var) {
      return outputs.get(jobId + "/" + var);
    }

    @Override
    public Map<String, String> outputs(String jobId) {
      Map<String, String> all = new HashMap<>();
      try (KeyValueIterator<String, String> it =
          outputs.prefixScan(jobId + "/", new StringSerializer())) {
        it.forEachRemaining(e -> all.put(e.key.substring(jobId.length() + 1), e.value));
      }
      return all;
    }

    @Override
    public List<Task> active(String jobId) {
      List<Task> active = new ArrayList<>();
      try (KeyValueIterator<String, String> it =
          activeTasks.prefixScan(jobId + "/", new StringSerializer())) {
        it.forEachRemaining(
            entry -> {
              Task task = tasks.get(entry.value);
              if (task != null && task.state().isActive()) {
                active.add(task);
              }
            });
      }
      return active;
    }
  }
}
