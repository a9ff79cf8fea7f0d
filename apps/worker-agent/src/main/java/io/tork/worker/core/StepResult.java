package io.tork.worker.core;

/** How one step (pre, main or post) ended; {@link TaskSteps} turns it into a task outcome. */
public sealed interface StepResult {
  /** Exit code 0; {@code output} is {@code $TORK_OUTPUT} when it was asked for, else empty. */
  record Completed(String output) implements StepResult {}

  /** A non-zero exit, with the last lines the container printed. */
  record Exited(int code, String tail, boolean outOfMemory) implements StepResult {}

  record TimedOut() implements StepResult {}

  record Cancelled() implements StepResult {}

  /** It could not run at all: missing image, rejected container config, unreadable output. */
  record Failed(String reason) implements StepResult {}
}
