package io.tork.model;

/** The states of one task record (one attempt of a task). */
public enum TaskState {
  /** An {@code each} child held back by the parent's {@code concurrency}. */
  CREATED,
  PENDING,
  SCHEDULED,
  RUNNING,
  COMPLETED,
  FAILED,
  CANCELLED,
  SKIPPED;

  /** A terminal task record absorbs every further event. */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED || this == SKIPPED;
  }

  public boolean isActive() {
    return !isTerminal();
  }
}
