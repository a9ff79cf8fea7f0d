package io.tork.scheduler.kafka;

import io.tork.kafka.Submission;
import io.tork.model.CommandRules;
import io.tork.model.DeleteJob;
import io.tork.model.Job;
import io.tork.model.JobCommand;
import io.tork.model.Limits;
import io.tork.model.Task;
import io.tork.model.TaskEvent;
import io.tork.scheduler.core.IdSource;
import io.tork.scheduler.core.JobInput;
import io.tork.scheduler.core.JobMachine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin adapter around {@link JobMachine}: load the job (and task) from the stores, decide, and
 * let the {@link DecisionWriter} store and forward what changed. Everything it reads is keyed by
 * job id, so one stream task owns a job and every transition of it is single-writer.
 *
 * <p>No input stops it: whatever goes wrong with one record (an exception, an {@link Error} such as
 * a {@link StackOverflowError}, a record too large) fails that record's job with the reason, and
 * the next record is processed ({@link IncidentGuard}).
 */
final class JobProcessor implements Processor<String, Object, String, Object> {
  private static final Logger log = LoggerFactory.getLogger(JobProcessor.class);
  private static final Duration HOUSEKEEPING = Duration.ofSeconds(1);

  /** How often due timers are looked for: a retry's delay is this late at most. */
  private static final Duration TIMERS = Duration.ofMillis(200);

  /** How often tasks held for a queue's topics are looked at (only while some are held). */
  private static final Duration HELD_DISPATCHES = Duration.ofMillis(100);

  private final QueueTopics queueTopics;
  private final Duration nodeExpiry;
  private final Clock clock;
  private final IdSource ids;
  private final Limits limits;
  private final Incidents incidents;
  private final SchedulerMeters meters;
  private final SubmissionIntake intake;
  private ProcessorContext<String, Object> context;
  private StreamsJobStore stores;
  private DecisionWriter writer;
  private IncidentGuard guard;
  private Housekeeping housekeeping;

  JobProcessor(
      QueueTopics queueTopics,
      Clock clock,
      IdSource ids,
      Duration nodeExpiry,
      Limits limits,
      Incidents incidents,
      SchedulerMeters meters) {
    this.meters = meters;
    this.nodeExpiry = nodeExpiry;
    this.queueTopics = queueTopics;
    this.clock = clock;
    this.ids = ids;
    this.limits = limits;
    this.incidents = incidents;
    this.intake = new SubmissionIntake(limits);
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.stores = new StreamsJobStore(context);
    HeldDispatches held = new HeldDispatches(context, queueTopics);
    this.writer = new DecisionWriter(context, stores, held, clock, ids, limits, meters);
    this.guard = new IncidentGuard(incidents, stores, writer, clock, ids, limits);
    this.housekeeping =
        new Housekeeping(context, stores, writer, clock, ids, limits, nodeExpiry, guard::guarded);
    context.schedule(HOUSEKEEPING, PunctuationType.WALL_CLOCK_TIME, now -> housekeeping.run());
    context.schedule(TIMERS, PunctuationType.WALL_CLOCK_TIME, now -> housekeeping.fireTimers());
    context.schedule(
        HELD_DISPATCHES, PunctuationType.WALL_CLOCK_TIME, now -> held.release(clock.millis()));
  }

  @Override
  public void process(Record<String, Object> record) {
    String source = context.recordMetadata().map(JobProcessor::coordinates).orElse("");
    Optional<Incidents.Poisoned> poisoned = incidents.poisoned(source);
    if (poisoned.isPresent()) {
      guard.afterIncident(record.key(), source, poisoned.get());
      return;
    }
    // A replay of the record (after an aborted transaction) decides with the same seed.
    long seed = JobInput.seedOf(source);
    guard.guarded(record.key(), describe(record.value()), source, () -> decide(record, seed));
  }

  private void decide(Record<String, Object> record, long seed) {
    switch (record.value()) {
      case Submission submission -> submitted(record.key(), submission, record.timestamp(), seed);
      case TaskEvent event -> taskEvent(record.key(), event, seed);
      case JobCommand command -> command(record.key(), command, seed);
      default ->
          log.atWarn()
              .addKeyValue("key", record.key())
              .addKeyValue("type", record.value().getClass().getSimpleName())
              .log("ignoring a record of an unknown type");
    }
  }

  private void submitted(String jobId, Submission submission, long timestamp, long seed) {
    Job job = intake.job(jobId, submission, Instant.ofEpochMilli(timestamp));
    Job existing = stores.job(job.id());
    decide(new JobInput.Submitted(job, existing, clock.instant(), seed), job, existing);
  }

  /** Decides on {@code input} for {@code subject} and writes the decision. */
  private void decide(JobInput input, Job subject, @Nullable Job before) {
    writer.apply(JobMachine.decide(input, ids, stores, limits), subject, before);
  }

  private void taskEvent(String jobId, TaskEvent event, long seed) {
    Job job = stores.job(jobId);
    Task task = stores.task(event.taskId());
    if (job == null || task == null || !task.jobId().equals(jobId)) {
      log.atDebug()
          .addKeyValue("jobId", jobId)
          .addKeyValue("taskId", event.taskId())
          .log("event for an unknown job or task ignored");
      return;
    }
    decide(new JobInput.Reported(job, task, event, clock.instant(), seed), job, job);
  }

  private void command(String jobId, JobCommand command, long seed) {
    Job job = stores.job(jobId);
    if (job == null) {
      log.atDebug().addKeyValue("jobId", jobId).log("command for an unknown job ignored");
      return;
    }
    boolean own =
        command instanceof io.tork.model.PlanChildren
            || command instanceof io.tork.model.CancelRemaining;
    (own ? log.atDebug() : log.atInfo())
        .addKeyValue("jobId", jobId)
        .addKeyValue("command", command.getClass().getSimpleName())
        .log("job command");
    if (command instanceof DeleteJob) {
      // Not a state of the job: it goes, as retention removes it (refused while it runs).
      if (CommandRules.refusal(job, command).isEmpty()) {
        housekeeping.delete(job, clock.millis(), "DELETE /jobs/{id}");
      }
      return;
    }
    decide(new JobInput.Commanded(job, command, clock.instant(), seed), job, job);
  }

  private static String coordinates(RecordMetadata m) {
    return m.topic() + "/" + m.partition() + "/" + m.offset();
  }

  private static String describe(@Nullable Object value) {
    return switch (value) {
      case Submission s -> "the job's document";
      case TaskEvent e ->
          "a "
              + e.getClass().getSimpleName().replace("Task", "").toLowerCase()
              + " event of task "
              + e.taskId();
      case JobCommand c -> "the command " + c.getClass().getSimpleName();
      case null -> "a record";
      default -> "a record";
    };
  }
}
