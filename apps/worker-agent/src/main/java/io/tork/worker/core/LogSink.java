package io.tork.worker.core;

/** Receives a task's output lines (stdout and stderr of pre, main and post) as they appear. */
@FunctionalInterface
public interface LogSink {
  LogSink DISCARD = line -> {};

  void line(String line);
}
