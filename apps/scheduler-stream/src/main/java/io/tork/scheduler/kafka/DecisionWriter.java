package io.tork.scheduler.kafka;

import io.tork.model.CancelTask;
import io.tork.model.Job;
import io.tork.model.JobState;
import io.tork.model.Limits;
import io.tork.model.Redaction;
import io.tork.model.Sizes;
import io.tork.model.Task;
import io.tork.model.TaskState;
import io.tork.model.WebhookCall;
import io.tork.model.codec.JobDocuments;
import io.tork.model.codec.Json;
import io.tork.model.codec.Sealing;
import io.tork.scheduler.core.Decision;
import io.tork.scheduler.core.IdSource;
import io.tork.scheduler.core.ItemChunk;
import io.tork.scheduler.core.JobInput;
import io.tork.scheduler.core.JobMachine;
import io.tork.scheduler.core.Message;
import io.tork.scheduler.core.WebhookCalls;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link Decision}: stores what changed, forwards views, dispatches, webhook calls
 * and messages. Everything it would write is serialized and measured first, before anything is
 * written: a record over {@link Limits#maxRecordBytes} (which every topic accepts, {@link
 * io.tork.model.kafka.TopicLayout}) is never sent; the job fails instead, naming the record, its
 * size and the flag, and if even that is too large the job is {@linkplain JobMachine#abandoned
 * abandoned}. So no record the scheduler writes exceeds its topic's maximum, and an error while
 * preparing leaves the stores untouched.
 */
final class DecisionWriter {
  private static final Logger log = LoggerFactory.getLogger(DecisionWriter.class);

  private final ProcessorContext<String, Object> context;
  private final JobStores stores;
  private final QueueTopics queueTopics;
  private final Clock clock;
  private final IdSource ids;
  private final Limits limits;
  private final SchedulerMeters meters;
  private boolean writing;

  DecisionWriter(
      ProcessorContext<String, Object> context,
      JobStores stores,
      QueueTopics queueTopics,
      Clock clock,
      IdSource ids,
      Limits limits,
      SchedulerMeters meters) {
    this.meters = meters;
    this.context = context;
    this.stores = stores;
    this.queueTopics = queueTopics;
    this.clock = clock;
    this.ids = ids;
    this.limits = limits;
  }

  /**
   * Whether the last decision failed while it was being written: some stores have changed, and only
   * the transaction's abort (exactly-once) undoes that.
   */
  boolean isWriting() {
    return writing;
  }

  /**
   * Applies {@code decision} for {@code subject} (the job as it was, or the new one). {@code
   * before} is the stored job (null for a new one): comparing with it tells which webhooks fire.
   */
  void apply(Decision decision, Job subject, @Nullable Job before) {
    writing = false;
    if (decision.isNothing()) {
      return;
    }
    Batch batch = prepare(decision, before);
    if (batch.largest > limits.maxRecordBytes()) {
      String reason =
          Limits.exceeded(
              batch.largestWhat, batch.largest, limits.maxRecordBytes(), "maxRecordBytes");
      log.atWarn()
          .addKeyValue("jobId", subject.id())
          .addKeyValue("reason", reason)
          .log("a record would be over the limit; failing the job instead");
      JobInput incident =
          new JobInput.Incident(
              subject, reason, clock.instant(), JobInput.seedOf("over-limit/" + subject.id()));
      Decision failing = JobMachine.decide(incident, ids, stores, limits);
      batch = prepare(failing, before);
      if (batch.largest > limits.maxRecordBytes()) {
        batch =
            prepare(
                JobMachine.abandoned(subject.id(), subject, reason, clock.instant(), limits),
                before);
      }
    }
    write(batch);
  }

  /** Writes a decision that is small by construction ({@link JobMachine#abandoned}). */
  void applyAbandoned(Decision decision, @Nullable Job before) {
    writing = false;
    write(prepare(decision, before));
  }

  /** Runs the writes; one that throws leaves {@link #isWriting} true until the next decision. */
  private void write(Batch batch) {
    writing = true;
    batch.actions.forEach(Runnable::run);
    writing = false;
  }

  /** What a decision writes, in order, each record measured; nothing is written yet. */
  private Batch prepare(Decision decision, @Nullable Job before) {
    long now = clock.millis();
    Batch batch = new Batch();
    Job after = decision.job() != null ? decision.job() : before;
    // What carries the job's secrets without naming them is told them, to seal them (ADR 46).
    Redaction secrets = after == null ? Redaction.none() : Redaction.of(after, List.of());
    if (after != null) {
      String jobId = after.id();
      decision
          .outputs()
          .forEach(
              (var, value) -> {
                String stored = secrets.occursIn(value) ? Sealing.seal(value) : value;
                batch.measure("the output " + var, Sizes.utf8(stored));
                batch.then(() -> stores.outputs.put(jobId + "/" + var, stored));
              });
      if (!after.webhooks().isEmpty()) {
        // Read now, before any write: the previous versions of the tasks are still stored.
        for (WebhookCall call : webhookCalls(decision, before, after)) {
          batch.forward(
              "a webhook call",
              call.jobId(),
              Json.write(call, secrets.values()),
              now,
              SchedulerTopology.WEBHOOKS_SINK);
        }
      }
    }
    for (Task task : decision.tasks()) {
      byte[] json = batch.measure("the task record " + task.id(), Json.write(task));
      batch.then(() -> storeTask(task, decision.created().contains(task.id()), json, now));
    }
    decision.changedJob().ifPresent(job -> prepareJob(batch, job, before, now));
    for (CancelTask cancel : decision.cancellations()) {
      batch.forward(
          "a cancellation", cancel.nodeId(), cancel, now, SchedulerTopology.WORKER_COMMANDS_SINK);
      batch.then(
          () ->
              log.atDebug()
                  .addKeyValue("jobId", cancel.jobId())
                  .addKeyValue("taskId", cancel.taskId())
                  .addKeyValue("nodeId", cancel.nodeId())
                  .log("task cancellation sent to node"));
    }
    for (Task task : decision.dispatches()) {
      queueTopics.ensure(task.queue()); // may fail: before anything is written
      batch.then(
          () ->
              context.forward(
                  new Record<String, Object>(task.id(), task, now),
                  SchedulerTopology.DISPATCH_SINK));
    }
    for (Message message : decision.messages()) {
      prepareMessage(batch, message, now, secrets);
    }
    for (ItemChunk chunk : decision.itemChunks()) {
      byte[] json =
          batch.measure(
              "the items of task " + chunk.parentId(), Json.write(chunk.items(), secrets.values()));
      batch.then(() -> stores.items.put(chunk.parentId() + "/" + chunk.chunk(), json));
    }
    for (String parentId : decision.droppedItems()) {
      batch.then(() -> JobStores.keys(stores.items, parentId + "/").forEach(stores.items::delete));
    }
    return batch;
  }

  private List<WebhookCall> webhookCalls(Decision decision, @Nullable Job before, Job after) {
    String jobId = after.id();
    Map<String, String> known =
        new AbstractMap<>() {
          @Override
          public String get(Object var) {
            String pending = decision.outputs().get(String.valueOf(var));
            return pending != null ? pending : stores.output(jobId, String.valueOf(var));
          }

          @Override
          public Set<Entry<String, String>> entrySet() {
            Map<String, String> all = new java.util.HashMap<>(stores.outputs(jobId));
            all.putAll(decision.outputs());
            return all.entrySet();
          }
        };
    return WebhookCalls.of(
        before, after, decision.tasks(), stores.tasks::get, known, clock.instant(), limits);
  }

  private void storeTask(Task task, boolean created, byte[] json, long now) {
    Task previous = created ? null : stores.tasks.get(task.id());
    if (previous == null || previous.state() != task.state()) {
      meters.taskReached(task.state(), task.queue());
    }
    stores.tasks.put(task.id(), task);
    String onNode = task.nodeId() + "/" + task.id();
    if (task.state() == TaskState.RUNNING && !task.nodeId().isEmpty()) {
      stores.nodeTasks.put(onNode, task.jobId());
    } else if (!task.nodeId().isEmpty()) {
      stores.nodeTasks.delete(onNode);
    }
    if (created) {
      // Indexes of new records only: a record's later transitions do not move them.
      stores.jobTasks.put(task.jobId() + "/" + task.id(), "");
      if (task.isChild()) {
        stores.children.put(task.parentId() + "/" + task.index(), task.id());
      }
    }
    if (task.state().isActive()) {
      stores.activeTasks.put(StoreNames.activeKey(task.jobId(), task.id()), task.id());
    } else {
      stores.activeTasks.delete(StoreNames.activeKey(task.jobId(), task.id()));
    }
    context.forward(
        new Record<String, Object>(task.id(), json, now), SchedulerTopology.TASK_VIEWS_SINK);
    log.atDebug()
        .addKeyValue("jobId", task.jobId())
        .addKeyValue("taskId", task.id())
        .addKeyValue("state", task.state())
        .addKeyValue("attempt", task.attempt())
        .log("task " + task.state().name().toLowerCase(Locale.ROOT));
  }

  private void prepareJob(Batch batch, Job job, @Nullable Job before, long now) {
    byte[] json = batch.measure("the job record", Json.write(job));
    batch.then(
        () -> {
          stores.jobs.put(job.id(), job);
          if (before == null || before.state() != job.state()) {
            meters.jobReached(job.state());
          }
          if (job.deleteAt() != null && job.state() == JobState.COMPLETED) {
            stores.expiries.put(StoreNames.expiryKey(job.deleteAt(), job.id()), job.id());
          }
          context.forward(
              new Record<String, Object>(job.id(), json, now), SchedulerTopology.JOB_VIEWS_SINK);
          logJob(job, before);
        });
  }

  /**
   * INFO for a job's start and end; its other changes (progress, position) at DEBUG. Its name and
   * error may carry its secrets (a sub-job's name is a template): redacted.
   */
  private static void logJob(Job job, @Nullable Job before) {
    boolean ended = job.state().isTerminal() && (before == null || !before.state().isTerminal());
    boolean started = before == null && !ended;
    var line = ended || started ? log.atInfo() : log.atDebug();
    line.addKeyValue("jobId", job.id()).addKeyValue("state", job.state());
    if (started) {
      line.addKeyValue("name", abbreviate(Redaction.of(job, List.of()).text(job.name())))
          .addKeyValue("tasks", job.taskCount());
    } else if (ended && !job.error().isEmpty()) {
      line.addKeyValue("error", abbreviate(Redaction.of(job, List.of()).text(job.error())));
    }
    line.log(started ? "job started" : ended ? "job ended" : "job state");
  }

  private static String abbreviate(String text) {
    return text.length() > 300 ? text.substring(0, 297) + "..." : text;
  }

  /** Messages for other jobs (and this job's next chunk) go through the topics. */
  private void prepareMessage(Batch batch, Message message, long now, Redaction secrets) {
    switch (message) {
      case Message.SubmitJob submit -> {
        Headers headers =
            new RecordHeaders()
                .add(
                    SubmissionDeserializer.CONTENT_TYPE_HEADER,
                    JobDocuments.ENGINE_JOB.getBytes(StandardCharsets.UTF_8));
        byte[] json = batch.measure("the sub-job record", Json.write(submit.job()));
        batch.then(
            () -> {
              context.forward(
                  new Record<String, Object>(submit.job().id(), json, now, headers),
                  SchedulerTopology.SUBJOBS_SINK);
              log.atDebug()
                  .addKeyValue("jobId", submit.job().id())
                  .addKeyValue("parentJobId", submit.job().parentJobId())
                  .log("sub-job submitted");
            });
      }
      case Message.SendCommand command ->
          batch.forward(
              "a command",
              command.command().jobId(),
              command.command(),
              now,
              SchedulerTopology.JOB_COMMANDS_SINK);
      case Message.ReportToParent report ->
          // A sub-job's result or error, which may carry its secrets.
          batch.forward(
              "a report to the parent job",
              report.event().jobId(),
              Json.write(report.event(), secrets.values()),
              now,
              SchedulerTopology.TASK_EVENTS_SINK);
    }
  }

  /** The writes of one decision, to run in order, and the largest record among them. */
  private final class Batch {
    final List<Runnable> actions = new ArrayList<>();
    String largestWhat = "";
    long largest;

    void then(Runnable action) {
      actions.add(action);
    }

    long measure(String what, long bytes) {
      if (bytes > largest) {
        largest = bytes;
        largestWhat = what;
      }
      return bytes;
    }

    byte[] measure(String what, byte[] json) {
      measure(what, (long) json.length);
      return json;
    }

    /** Forwards {@code value} as JSON, measured now. */
    void forward(String what, String key, Object value, long now, String sink) {
      forward(what, key, Json.write(value), now, sink);
    }

    /** Forwards a record serialized already, measured now. */
    void forward(String what, String key, byte[] json, long now, String sink) {
      measure(what, json);
      then(() -> context.forward(new Record<String, Object>(key, json, now), sink));
    }
  }
}
