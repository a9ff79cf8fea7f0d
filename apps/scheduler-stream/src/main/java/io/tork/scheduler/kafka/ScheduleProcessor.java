package io.tork.scheduler.kafka;

import io.tork.kafka.Submissions;
import io.tork.model.Limits;
import io.tork.model.ScheduleCommand;
import io.tork.model.ScheduledJob;
import io.tork.model.codec.Json;
import io.tork.scheduler.core.ScheduleMachine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the scheduled jobs of its partitions and starts their jobs when ticks are due. The firing
 * (the job written to {@code jobs} and the schedule's new last tick) happens in the stream task's
 * exactly-once transaction: however many scheduler instances run, one owns a schedule at a time,
 * and a tick is started once.
 */
final class ScheduleProcessor implements Processor<String, ScheduleCommand, String, Object> {
  private static final Logger log = LoggerFactory.getLogger(ScheduleProcessor.class);
  private static final Duration CHECK = Duration.ofSeconds(1);

  /**
   * Checks further apart than this mean the schedules of this partition were not watched (the
   * engine down, the owner dead): ticks missed meanwhile start one job, not one each.
   */
  static final Duration DOWN_AFTER = Duration.ofSeconds(10);

  private final Clock clock;
  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, ScheduledJob> schedules;
  private KeyValueStore<String, Long> checks;

  private final Limits limits;

  ScheduleProcessor(Clock clock, Limits limits) {
    this.clock = clock;
    this.limits = limits;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.schedules = context.getStateStore(StoreNames.SCHEDULES);
    this.checks = context.getStateStore(StoreNames.SCHEDULE_CHECKS);
    context.schedule(CHECK, PunctuationType.WALL_CLOCK_TIME, ts -> fireDue());
  }

  /**
   * One command; one that cannot be carried out (an error nobody expected) is logged and skipped,
   * never tried again and again: the schedule stays as it was.
   */
  @Override
  public void process(Record<String, ScheduleCommand> record) {
    ScheduleCommand command = record.value();
    if (command == null) {
      return;
    }
    try {
      apply(command);
    } catch (RuntimeException | StackOverflowError e) {
      log.atError()
          .setCause(e)
          .addKeyValue("scheduledJobId", command.id())
          .log("incident: a scheduled job command could not be carried out; skipped");
    }
  }

  private void apply(ScheduleCommand command) {
    ScheduleMachine.Change change = ScheduleMachine.onCommand(schedules.get(command.id()), command);
    if (change.isNone()) {
      return;
    }
    long now = clock.millis();
    if (change.deleted()) {
      schedules.delete(command.id());
      context.forward(
          new Record<String, Object>(command.id(), null, now),
          SchedulerTopology.SCHEDULE_VIEWS_SINK);
    } else {
      store(change.after(), now);
    }
    log.atInfo()
        .addKeyValue("scheduledJobId", command.id())
        .addKeyValue("command", command.getClass().getSimpleName().toLowerCase())
        .log("scheduled job changed");
  }

  private void fireDue() {
    Instant now = clock.instant();
    List<ScheduledJob> all = new ArrayList<>();
    try (KeyValueIterator<String, ScheduledJob> it = schedules.all()) {
      it.forEachRemaining(entry -> all.add(entry.value));
    }
    if (all.isEmpty()) {
      return;
    }
    String partition = context.taskId().toString();
    Long lastCheck = checks.get(partition);
    boolean wasDown = lastCheck == null || now.toEpochMilli() - lastCheck > DOWN_AFTER.toMillis();
    checks.put(partition, now.toEpochMilli());
    for (ScheduledJob scheduled : all) {
      try {
        fire(scheduled, now, wasDown);
      } catch (RuntimeException | StackOverflowError e) {
        // This schedule cannot fire (a cron with no next tick, say): pause it, once, saying so.
        log.atError()
            .setCause(e)
            .addKeyValue("scheduledJobId", scheduled.id())
            .log("incident: a scheduled job cannot fire; pausing it");
        ScheduleMachine.Change paused =
            ScheduleMachine.onCommand(scheduled, new ScheduleCommand.Pause(scheduled.id(), now));
        try {
          if (!paused.isNone() && !paused.deleted()) {
            store(paused.after(), clock.millis());
          }
        } catch (RuntimeException again) {
          log.atError()
              .setCause(again)
              .addKeyValue("scheduledJobId", scheduled.id())
              .log("incident: the scheduled job cannot be paused either");
        }
      }
    }
  }

  private void fire(ScheduledJob scheduled, Instant now, boolean wasDown) {
    ScheduleMachine.due(scheduled, now, wasDown)
        .forEach(
            fire -> {
              long at = clock.millis();
              byte[] job = measured(fire.job(), "the job the schedule starts");
              byte[] view = measured(fire.after(), "the scheduled job");
              context.forward(
                  new Record<String, Object>(fire.job().id(), job, at, Submissions.engineJob()),
                  SchedulerTopology.SCHEDULED_RUNS_SINK);
              store(fire.after(), view, at);
              log.atInfo()
                  .addKeyValue("scheduledJobId", scheduled.id())
                  .addKeyValue("jobId", fire.job().id())
                  .addKeyValue("tick", fire.after().lastTick())
                  .log("scheduled job started a job");
            });
  }

  private void store(ScheduledJob scheduled, long now) {
    store(scheduled, measured(scheduled, "the scheduled job"), now);
  }

  private void store(ScheduledJob scheduled, byte[] view, long now) {
    schedules.put(scheduled.id(), scheduled);
    context.forward(
        new Record<String, Object>(scheduled.id(), view, now),
        SchedulerTopology.SCHEDULE_VIEWS_SINK);
  }

  /**
   * {@code value} as the record it goes out as, measured before anything is written.
   *
   * @throws IllegalStateException over {@link Limits#maxRecordBytes}
   */
  private byte[] measured(Object value, String what) {
    byte[] json = Json.write(value);
    if (json.length > limits.maxRecordBytes()) {
      throw new IllegalStateException(
          Limits.exceeded(what, json.length, limits.maxRecordBytes(), "maxRecordBytes"));
    }
    return json;
  }
}
