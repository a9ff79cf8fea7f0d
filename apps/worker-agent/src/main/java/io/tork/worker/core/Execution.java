package io.tork.worker.core;

import io.tork.model.Limits;
import io.tork.model.codec.Redaction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * One run of one task on this node: its time budget, its log sink, the limits its output must keep
 * to, the secrets to keep out of what it shows, and a cancel signal that the runtime listens to (a
 * cancel from the scheduler, a shutdown of the worker).
 */
public final class Execution {
  /**
   * How much of {@code $TORK_PROGRESS} is read: a number fits, a file grown huge is not re-read.
   */
  public static final int PROGRESS_HEAD_BYTES = 64;

  private final Duration timeout;
  private final LogSink logs;
  private final Limits limits;
  private final Redaction redaction;
  private final List<Runnable> cancelListeners = new ArrayList<>();
  private boolean cancelled;
  private volatile ProgressReader progress = OptionalDouble::empty;

  /** Reads the running task's {@code $TORK_PROGRESS}: empty when there is no (valid) value. */
  @FunctionalInterface
  public interface ProgressReader {
    OptionalDouble read();
  }

  /** With the default limits, and no secrets known. */
  public Execution(Duration timeout, LogSink logs) {
    this(timeout, logs, Limits.DEFAULTS, Redaction.none());
  }

  /**
   * @param timeout the budget for pre + main + post; {@link Duration#ZERO} means none
   * @param limits what the runtime reads of the task's output: {@link Limits#maxResultBytes} of
   *     {@code $TORK_OUTPUT}, lines of at most {@link Limits#maxLogLineBytes}
   * @param redaction the task's secrets, kept out of its error text
   */
  public Execution(Duration timeout, LogSink logs, Limits limits, Redaction redaction) {
    this.timeout = timeout;
    this.logs = logs;
    this.limits = limits;
    this.redaction = redaction;
  }

  public Duration timeout() {
    return timeout;
  }

  public LogSink logs() {
    return logs;
  }

  public Limits limits() {
    return limits;
  }

  public Redaction redaction() {
    return redaction;
  }

  /**
   * A sink for one step's output: the task's, behind the tail that the step's error shows (see
   * {@link OutputTail}).
   */
  public OutputTail stepOutput() {
    return new OutputTail(limits, redaction, logs);
  }

  /** The runtime says where the running step's progress is (null when no step runs). */
  public void progressReader(ProgressReader reader) {
    progress = reader == null ? OptionalDouble::empty : reader;
  }

  public OptionalDouble readProgress() {
    try {
      return progress.read();
    } catch (RuntimeException e) {
      return OptionalDouble.empty();
    }
  }

  /** Parses the head of {@code $TORK_PROGRESS} (at most {@link #PROGRESS_HEAD_BYTES} of it). */
  public static OptionalDouble parseProgress(byte[] head, int length) {
    return parseProgress(
        new String(head, 0, Math.min(length, PROGRESS_HEAD_BYTES), StandardCharsets.UTF_8));
  }

  /** Parses what a task wrote to {@code $TORK_PROGRESS}: a number, blanks around it ignored. */
  public static OptionalDouble parseProgress(String text) {
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      return OptionalDouble.empty();
    }
    try {
      double value = Double.parseDouble(trimmed);
      return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }

  /** Asks the runtime to stop this task. Idempotent. */
  public void cancel() {
    List<Runnable> listeners;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      listeners = List.copyOf(cancelListeners);
    }
    listeners.forEach(Runnable::run);
  }

  public synchronized boolean isCancelled() {
    return cancelled;
  }

  /** Runs {@code listener} on cancel, or right away if already cancelled. */
  public void onCancel(Runnable listener) {
    synchronized (this) {
      if (!cancelled) {
        cancelListeners.add(listener);
        return;
      }
    }
    listener.run();
  }
}
