package io.tork.worker.core;

/**
 * Receives a task's output lines (stdout and stderr of pre, main and post) as they appear, each at
 * most {@link io.tork.model.Limits#maxLogLineBytes} long in UTF-8 (a runtime cuts longer ones with
 * a {@link LineSplitter}).
 */
@FunctionalInterface
public interface LogSink {
  LogSink DISCARD = line -> {};

  void line(String line);

  /**
   * A piece of a line too long to hand on whole: the next call goes on with the same line. Shown as
   * a line of its own; a sink that redacts must not cut a secret in two across pieces.
   */
  default void piece(String text) {
    line(text);
  }

  /** Part of the output could not be read at all (the engine's log stream did not end, say). */
  default void lost(String why) {}
}
