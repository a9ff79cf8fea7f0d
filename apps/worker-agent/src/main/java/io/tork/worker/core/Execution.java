package io.tork.worker.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * One run of one task on this node: its time budget, its log sink, and a cancel signal that the
 * runtime listens to (a cancel from the scheduler, a shutdown of the worker).
 */
public final class Execution {
  private final Duration timeout;
  private final LogSink logs;
  private final List<Runnable> cancelListeners = new ArrayList<>();
  private boolean cancelled;
  private volatile ProgressReader progress = OptionalDouble::empty;

  /** Reads the running task's {@code $TORK_PROGRESS}: empty when there is no (valid) value. */
  @FunctionalInterface
  public interface ProgressReader {
    OptionalDouble read();
  }

  /**
   * @param timeout the budget for pre + main + post; {@link Duration#ZERO} means none
   */
  public Execution(Duration timeout, LogSink logs) {
    this.timeout = timeout;
    this.logs = logs;
  }

  public Duration timeout() {
    return timeout;
  }

  public LogSink logs() {
    return logs;
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
