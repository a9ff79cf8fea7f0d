package io.tork.worker.core;

import io.tork.model.Redaction;
import io.tork.model.Task;
import io.tork.model.TaskLogPart;
import io.tork.model.TaskProgress;
import java.time.Clock;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a running task reports besides its outcome: its output lines, shipped in numbered parts (at
 * each {@link #tick}, about every second, or as soon as a part is full), and changes of its {@code
 * $TORK_PROGRESS}. Secret values are redacted before anything leaves the worker.
 */
final class TaskReporter implements LogSink {
  private static final Logger log = LoggerFactory.getLogger(TaskReporter.class);
  static final int MAX_PART_CHARS = 64 * 1024;

  private final Task task;
  private final Redaction redaction;
  private final EventPublisher events;
  private final Clock clock;
  private final StringBuilder buffer = new StringBuilder();
  private int parts;
  private double lastProgress = -1;

  TaskReporter(Task task, Redaction redaction, EventPublisher events, Clock clock) {
    this.task = task;
    this.redaction = redaction;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public void line(String line) {
    String clean = redaction.text(line);
    log.atDebug().addKeyValue("taskId", task.id()).log(clean);
    boolean full;
    synchronized (this) {
      buffer.append(clean).append('\n');
      full = buffer.length() >= MAX_PART_CHARS;
    }
    if (full) {
      flush();
    }
  }

  /** Ships what has accumulated since the last part, if anything. */
  void flush() {
    TaskLogPart part;
    synchronized (this) {
      if (buffer.isEmpty()) {
        return;
      }
      part = new TaskLogPart(task.jobId(), task.id(), ++parts, buffer.toString(), clock.instant());
      buffer.setLength(0);
    }
    events.publishLog(part);
  }

  /** Ships the logs, and the progress if it changed. */
  void tick(Execution execution) {
    flush();
    OptionalDouble progress = execution.readProgress();
    if (progress.isPresent() && progress.getAsDouble() != lastProgress) {
      lastProgress = progress.getAsDouble();
      events.publishAsync(new TaskProgress(task.jobId(), task.id(), lastProgress, clock.instant()));
    }
  }
}
