package io.tork.scheduler.kafka;

import io.tork.model.Job;
import io.tork.model.Limits;
import io.tork.model.Sizes;
import io.tork.model.Task;
import io.tork.model.WebhookCall;
import io.tork.model.codec.Json;
import io.tork.model.codec.Redaction;
import io.tork.model.codec.Sealing;
import io.tork.scheduler.core.Decision;
import io.tork.scheduler.core.IdSource;
import io.tork.scheduler.core.ItemChunk;
import io.tork.scheduler.core.JobInput;
import io.tork.scheduler.core.JobMachine;
import io.tork.scheduler.core.WebhookCalls;
import java.time.Clock;
import java.util.AbstractMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link Decision}: stores what changed, forwards views, dispatches, webhook calls
 * and messages. Everything it would write is serialized and measured first, before anything is
 * written: a record over {@link Limits#maxRecordBytes} (which every topic accepts, {@link
 * io.tork.kafka.TopicLayout}) is never sent; the job fails instead, naming the record, its size and
 * the flag, and if even that is too large the job is {@linkplain JobMachine#abandoned abandoned}.
 * So no record the scheduler writes exceeds its topic's maximum, and an error while preparing
 * leaves the stores untouched.
 */
final class DecisionWriter {
  private static final Logger log = LoggerFactory.getLogger(DecisionWriter.class);

  private final StreamsJobStore stores;
  private final Outbox outbox;
  private final Clock clock;
  private final IdSource ids;
  private final Limits limits;
  private final SchedulerMeters meters;
  private boolean writing;

  DecisionWriter(
      ProcessorContext<String, Object> context,
      StreamsJobStore stores,
      HeldDispatches dispatches,
      Clock clock,
      IdSource ids,
      Limits limits,
      SchedulerMeters meters) {
    this.meters = meters;
    this.stores = stores;
    this.outbox = new Outbox(context, dispatches);
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
    WriteBatch batch = prepare(decision, before);
    if (batch.largest() > limits.maxRecordBytes()) {
      String reason =
          Limits.exceeded(
              batch.largestWhat(), batch.largest(), limits.maxRecordBytes(), "maxRecordBytes");
      log.atWarn()
          .addKeyValue("jobId", subject.id())
          .addKeyValue("reason", reason)
          .log("a record would be over the limit; failing the job instead");
      JobInput incident =
          new JobInput.Incident(
              subject, reason, clock.instant(), JobInput.seedOf("over-limit/" + subject.id()));
      Decision failing = JobMachine.decide(incident, ids, stores, limits);
      batch = prepare(failing, before);
      if (batch.largest() > limits.maxRecordBytes()) {
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
  private void write(WriteBatch batch) {
    writing = true;
    batch.run();
    writing = false;
  }

  /** What a decision writes, in order, each record measured; nothing is written yet. */
  private WriteBatch prepare(Decision decision, @Nullable Job before) {
    long now = clock.millis();
    WriteBatch batch = new WriteBatch();
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
                batch.then(() -> stores.putOutput(jobId, var, stored));
              });
      if (!after.webhooks().isEmpty()) {
        outbox.webhooks(batch, webhookCalls(decision, before, after), secrets, now);
      }
    }
    for (Task task : decision.tasks()) {
      byte[] json = batch.measure("the task record " + task.id(), Json.write(task));
      batch.taskWrite(() -> storeTask(task, decision.created().contains(task.id()), json, now));
    }
    decision.changedJob().ifPresent(job -> prepareJob(batch, job, before, now));
    outbox.stops(batch, decision.cancellations(), now);
    outbox.dispatches(batch, decision.dispatches(), now);
    outbox.messages(batch, decision.messages(), now, secrets);
    for (ItemChunk chunk : decision.itemChunks()) {
      byte[] json =
          batch.measure(
              "the items of task " + chunk.parentId(), Json.write(chunk.items(), secrets.values()));
      batch.then(() -> stores.putItems(chunk.parentId(), chunk.chunk(), json));
    }
    for (String parentId : decision.droppedItems()) {
      batch.then(() -> stores.dropItems(parentId));
    }
    return batch;
  }

  /** Reads the stored versions of the decision's task records and outputs: before any write. */
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
        before, after, decision.tasks(), stores::task, known, clock.instant(), limits);
  }

  private void storeTask(Task task, boolean created, byte[] json, long now) {
    Task previous = created ? null : stores.task(task.id());
    if (previous == null || previous.state() != task.state()) {
      meters.taskReached(task.state(), task.queue());
    }
    stores.putTask(task, created);
    outbox.taskView(task.id(), json, now);
    log.atDebug()
        .addKeyValue("jobId", task.jobId())
        .addKeyValue("taskId", task.id())
        .addKeyValue("state", task.state())
        .addKeyValue("attempt", task.attempt())
        .log("task " + task.state().name().toLowerCase(Locale.ROOT));
  }

  private void prepareJob(WriteBatch batch, Job job, @Nullable Job before, long now) {
    byte[] json = batch.measure("the job record", Json.write(job));
    batch.then(
        () -> {
          stores.putJob(job);
          if (before == null || before.state() != job.state()) {
            meters.jobReached(job.state());
          }
          outbox.jobView(job.id(), json, now);
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
}
