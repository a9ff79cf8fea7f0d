package io.tork.worker.core;

import io.tork.model.Durations;
import io.tork.model.Limits;
import io.tork.model.Sizes;
import io.tork.model.Task;
import io.tork.model.TaskCompleted;
import io.tork.model.TaskFailed;
import io.tork.model.TaskReturned;
import io.tork.model.codec.Redaction;
import io.tork.model.secrets.SecretCipher;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs accepted tasks through the {@link Runtime} and reports how each ended. Keeps the running
 * executions so that a task can be cancelled by id and every task stopped on shutdown.
 */
public final class TaskExecutor {
  private static final Logger log = LoggerFactory.getLogger(TaskExecutor.class);

  private final Runtime runtime;
  private final String nodeId;
  private final EventPublisher events;
  private final Clock clock;
  private final Limits limits;
  private final Map<String, Execution> running = new ConcurrentHashMap<>();
  private final Map<String, TaskReporter> reporters = new ConcurrentHashMap<>();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("task-reports").daemon().factory());
  private volatile boolean shuttingDown;

  /** Cancels that arrived before their task started here (bounded: the newest win). */
  private final Set<String> cancelledEarly =
      Collections.synchronizedSet(
          Collections.newSetFromMap(
              new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > 10_000;
                }
              }));

  public TaskExecutor(Runtime runtime, String nodeId, EventPublisher events, Clock clock) {
    this(runtime, nodeId, events, clock, Limits.DEFAULTS);
  }

  /**
   * @param limits what a task's log, result and error may hold
   */
  public TaskExecutor(
      Runtime runtime, String nodeId, EventPublisher events, Clock clock, Limits limits) {
    this.limits = limits;
    this.runtime = runtime;
    this.nodeId = nodeId;
    this.events = events;
    this.clock = clock;
    ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
  }

  /**
   * Ships the running tasks' logs and progress, about every second. Nothing may escape: a scheduled
   * task that throws is never run again, and every task's logs would stop.
   */
  private void tick() {
    reporters.forEach(
        (taskId, reporter) -> {
          Execution execution = running.get(taskId);
          if (execution != null) {
            try {
              reporter.tick(execution);
            } catch (RuntimeException | LinkageError | StackOverflowError e) {
              log.atWarn()
                  .addKeyValue("taskId", taskId)
                  .addKeyValue("error", e.toString())
                  .log("cannot report on a running task");
            }
          }
        });
  }

  /** Runs {@code task} on the calling thread and publishes its outcome. */
  public void execute(Task task) {
    Duration timeout = Durations.parse(task.spec().timeout()).orElse(Duration.ZERO);
    Redaction redaction = Redaction.of(task);
    TaskReporter reporter = new TaskReporter(task, redaction, events, clock, limits);
    Execution execution = new Execution(timeout, reporter, limits, redaction);
    running.put(task.id(), execution);
    reporters.put(task.id(), reporter);
    if (cancelledEarly.remove(task.id())) {
      execution.cancel();
    }
    long started = System.nanoTime();
    try {
      TaskOutcome outcome = run(task, execution);
      reporters.remove(task.id());
      reporter.finish(); // the last lines before the outcome, and what was dropped
      report(task, execution, outcome, (System.nanoTime() - started) / 1_000_000);
    } catch (RuntimeException e) {
      // The outcome could not be sent (over the record limit, the broker gone for a minute).
      log.atError().setCause(e).addKeyValue("taskId", task.id()).log("cannot report a task");
      events.publish(
          new TaskFailed(
              task.jobId(),
              task.id(),
              ErrorText.cap("worker error: " + e.getMessage(), limits.maxErrorBytes(), redaction),
              clock.instant()));
    } finally {
      reporters.remove(task.id());
      running.remove(task.id());
    }
  }

  /** The runtime's outcome; a runtime that throws (it should not) fails the task. */
  private TaskOutcome run(Task task, Execution execution) {
    try {
      return runtime.run(task, execution);
    } catch (RuntimeException e) {
      log.atError().setCause(e).addKeyValue("taskId", task.id()).log("runtime error");
      return new TaskOutcome.Failed("worker error: " + e.getMessage());
    }
  }

  private void report(Task task, Execution execution, TaskOutcome outcome, long millis) {
    if (shuttingDown && execution.isCancelled()) {
      log.atInfo().addKeyValue("taskId", task.id()).log("task handed back to its queue");
      events.publish(new TaskReturned(task.jobId(), task.id(), nodeId, clock.instant()));
      return;
    }
    if (execution.isCancelled()) {
      // The scheduler asked for the stop and has already settled the record (job cancelled,
      // node presumed dead, or a second copy): a report from here could only contradict it.
      log.atInfo()
          .addKeyValue("jobId", task.jobId())
          .addKeyValue("taskId", task.id())
          .log("task stopped on the scheduler's request");
      return;
    }
    switch (outcome) {
      case TaskOutcome.Succeeded ok -> {
        // What the task wrote is stored and shown: no secret it knows leaves here (ADR 46).
        String result = execution.redaction().text(ok.result());
        long size = Sizes.utf8(result);
        if (SecretCipher.isSealed(result)) {
          // Only the engine seals: read back, it would be opened (or fail to be), not shown.
          events.publish(
              new TaskFailed(
                  task.jobId(),
                  task.id(),
                  "task output: has the form of a sealed value ("
                      + SecretCipher.PREFIX
                      + "...),"
                      + " which only the engine writes",
                  clock.instant()));
          return;
        }
        if (size > limits.maxResultBytes()) {
          events.publish(
              new TaskFailed(
                  task.jobId(),
                  task.id(),
                  Limits.exceeded(
                      "task output, its secrets redacted",
                      size,
                      limits.maxResultBytes(),
                      "maxResultBytes"),
                  clock.instant()));
          return;
        }
        log.atDebug()
            .addKeyValue("jobId", task.jobId())
            .addKeyValue("taskId", task.id())
            .addKeyValue("ms", millis)
            .log("task completed");
        events.publish(new TaskCompleted(task.jobId(), task.id(), result, clock.instant()));
      }
      case TaskOutcome.Failed failed -> {
        // The error carries the tail of the task's output: it is stored, so no secret in it, and
        // it is bounded (each line and in all).
        String error = ErrorText.cap(failed.error(), limits.maxErrorBytes(), execution.redaction());
        log.atDebug()
            .addKeyValue("jobId", task.jobId())
            .addKeyValue("taskId", task.id())
            .addKeyValue("ms", millis)
            .addKeyValue("error", error)
            .log("task failed");
        events.publish(new TaskFailed(task.jobId(), task.id(), error, clock.instant()));
      }
    }
  }

  /**
   * Stops the task if it runs here, or as soon as it starts here; returns whether it was running.
   */
  public boolean cancel(String taskId) {
    Execution execution = running.get(taskId);
    if (execution == null) {
      cancelledEarly.add(taskId);
      execution = running.get(taskId);
      if (execution == null) {
        return false;
      }
    }
    execution.cancel();
    return true;
  }

  /** Stops every running task and hands it back to its queue (on shutdown). */
  public void shutdown() {
    shuttingDown = true;
    ticker.shutdown();
    running.values().forEach(Execution::cancel);
  }

  public int runningCount() {
    return running.size();
  }
}
