package io.tork.worker.core;

import io.tork.model.Limits;
import io.tork.model.Task;
import io.tork.model.TaskLogPart;
import io.tork.model.TaskProgress;
import io.tork.model.codec.Redaction;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a running task reports besides its outcome: its output lines, shipped in parts numbered 1,
 * 2, 3... with no gap (at each {@link #tick}, about every second, or as soon as a part is full),
 * and changes of its {@code $TORK_PROGRESS}. Secret values are redacted before anything leaves the
 * worker, also across the pieces of a long line.
 *
 * <p>Nothing is lost silently: past {@link Limits#maxTaskLogBytes} lines are dropped and counted,
 * and the last part says {@code [log truncated: N bytes dropped]}; a part whose send fails is sent
 * again under its number with such a line in place of its contents. Every part's record stays under
 * {@link Limits#maxRecordBytes}.
 */
final class TaskReporter implements LogSink {
  private static final Logger log = LoggerFactory.getLogger(TaskReporter.class);

  /** A part is shipped once its contents reach this size (as JSON). */
  static final int PART_BYTES = 64 * 1024;

  // A part's record besides its contents: ids, number, timestamp, field names.
  static final int ENVELOPE_BYTES = 1024;

  private final Task task;
  private final Redaction redaction;
  private final EventPublisher events;
  private final Clock clock;
  private final long maxLogBytes;
  private final long maxPartBytes;
  private final long partBytes;
  private final StringBuilder buffer = new StringBuilder();
  private long bufferBytes;
  private int parts;
  private long kept;
  private long dropped;
  private String carry = "";
  private final List<String> lost = new ArrayList<>();
  private boolean finished;
  private double lastProgress = -1;

  TaskReporter(Task task, Redaction redaction, EventPublisher events, Clock clock, Limits limits) {
    this.task = task;
    this.redaction = redaction;
    this.events = events;
    this.clock = clock;
    this.maxLogBytes = limits.maxTaskLogBytes();
    this.maxPartBytes = Math.max(4096, limits.maxRecordBytes() - ENVELOPE_BYTES);
    this.partBytes = Math.min(PART_BYTES, maxPartBytes);
  }

  @Override
  public void line(String line) {
    take(line, true);
  }

  @Override
  public void piece(String text) {
    take(text, false);
  }

  @Override
  public synchronized void lost(String why) {
    lost.add(why);
  }

  private void take(String text, boolean endsLine) {
    List<TaskLogPart> full;
    synchronized (this) {
      if (finished || !withinLimit(text)) {
        return;
      }
      String clean = redaction.text(carry + text);
      carry = "";
      if (!endsLine) {
        // The end of this piece may be the start of a secret that the next piece completes.
        int keep = redaction.partialSecretAtEnd(clean);
        carry = clean.substring(clean.length() - keep);
        clean = clean.substring(0, clean.length() - keep);
      }
      log.atDebug().addKeyValue("taskId", task.id()).log(clean);
      full = append(clean);
    }
    full.forEach(this::send);
  }

  /** Counts the text against the task's log limit; false once over it (the rest is dropped). */
  private boolean withinLimit(String text) {
    long size = ErrorText.utf8Length(text) + 1;
    if (dropped == 0 && kept + size <= maxLogBytes) {
      kept += size;
      return true;
    }
    if (dropped == 0) {
      log.atInfo()
          .addKeyValue("jobId", task.jobId())
          .addKeyValue("taskId", task.id())
          .addKeyValue("limit", maxLogBytes)
          .log("task log over its limit; the rest is dropped");
    }
    dropped += size;
    return false;
  }

  /** Adds a line, cut in as many lines as a part's record needs; returns the parts now full. */
  private List<TaskLogPart> append(String line) {
    List<TaskLogPart> full = new ArrayList<>();
    String rest = line;
    do {
      String head = rest;
      long size = jsonBytes(head) + 2; // and its escaped newline
      if (size > maxPartBytes) {
        head = headFitting(rest, maxPartBytes - 2);
        size = jsonBytes(head) + 2;
      }
      rest = rest.substring(head.length());
      if (bufferBytes > 0 && bufferBytes + size > maxPartBytes) {
        full.add(cut());
      }
      buffer.append(head).append('\n');
      bufferBytes += size;
      if (bufferBytes >= partBytes) {
        full.add(cut());
      }
    } while (!rest.isEmpty());
    return full;
  }

  /** Ships what has accumulated since the last part, if anything. */
  void flush() {
    TaskLogPart part;
    synchronized (this) {
      if (buffer.isEmpty()) {
        return;
      }
      part = cut();
    }
    send(part);
  }

  /**
   * The task ended: ships the last lines, and says what was dropped or not read. Lines after this
   * are ignored.
   */
  void finish() {
    List<TaskLogPart> last = new ArrayList<>();
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
      if (!carry.isEmpty()) {
        last.addAll(append(carry));
      }
      if (dropped > 0 || !lost.isEmpty()) {
        last.addAll(append(marker()));
      }
      if (!buffer.isEmpty()) {
        last.add(cut());
      }
    }
    last.forEach(this::send);
  }

  private String marker() {
    List<String> lines = new ArrayList<>();
    if (dropped > 0) {
      lines.add(
          marker(dropped)
              + " (the task's log is over its limit of "
              + maxLogBytes
              + " bytes, "
              + Limits.FLAGS.get("maxTaskLogBytes")
              + ")");
    }
    lost.forEach(why -> lines.add("[log truncated: " + why + "]"));
    return String.join("\n", lines);
  }

  static String marker(long droppedBytes) {
    return "[log truncated: " + droppedBytes + " bytes dropped]";
  }

  private TaskLogPart cut() {
    TaskLogPart part =
        new TaskLogPart(task.jobId(), task.id(), ++parts, buffer.toString(), clock.instant());
    buffer.setLength(0);
    bufferBytes = 0;
    return part;
  }

  private void send(TaskLogPart part) {
    events
        .publishLog(part)
        .whenComplete(
            (sent, error) -> {
              if (error != null) {
                sendInstead(part, error);
              }
            });
  }

  /** The part is lost: its number carries a line that says so, and the numbers stay contiguous. */
  private void sendInstead(TaskLogPart part, Throwable error) {
    log.atWarn()
        .addKeyValue("taskId", task.id())
        .addKeyValue("part", part.number())
        .addKeyValue("error", error.toString())
        .log("cannot ship a part of a task's log; sending a marker in its place");
    long size = ErrorText.utf8Length(part.contents());
    TaskLogPart marker =
        new TaskLogPart(
            part.jobId(),
            part.taskId(),
            part.number(),
            marker(size) + " (this part could not be sent)\n",
            clock.instant());
    events
        .publishLog(marker)
        .whenComplete(
            (sent, again) -> {
              if (again != null) {
                log.atWarn()
                    .addKeyValue("taskId", task.id())
                    .addKeyValue("part", part.number())
                    .addKeyValue("error", again.toString())
                    .log("cannot ship the marker of a lost log part either");
              }
            });
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

  /** The most {@code text}'s JSON string form can take (control characters as 6-byte escapes). */
  static long jsonBytes(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      bytes += jsonBytes(text.charAt(i));
    }
    return bytes;
  }

  private static int jsonBytes(char c) {
    if (c < 0x20) {
      return 6;
    }
    if (c == '"' || c == '\\') {
      return 2;
    }
    return c < 0x80 ? 1 : c < 0x800 ? 2 : 3; // a surrogate pair: 2 + 2 for its 4 bytes
  }

  /** The longest start of {@code text} whose JSON form fits in {@code max} bytes. */
  private static String headFitting(String text, long max) {
    long bytes = 0;
    int i = 0;
    while (i < text.length() && bytes + jsonBytes(text.charAt(i)) <= max) {
      bytes += jsonBytes(text.charAt(i));
      i++;
    }
    if (i > 0 && i < text.length() && Character.isHighSurrogate(text.charAt(i - 1))) {
      i--; // never half a character
    }
    return text.substring(0, Math.max(i, 1));
  }
}
