package io.tork.worker.core;

/** How a task run ended. */
public sealed interface TaskOutcome {
  /** Exit code 0 everywhere; {@code result} is the contents of {@code $TORK_OUTPUT}. */
  record Succeeded(String result) implements TaskOutcome {}

  /** Any failure, with the reason (e.g. {@code exit code 3: <last lines of output>}). */
  record Failed(String error) implements TaskOutcome {}
}
