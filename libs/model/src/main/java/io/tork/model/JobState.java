package io.tork.model;

/** The states of a job, as Tork names them. */
public enum JobState {
  PENDING,
  SCHEDULED,
  RUNNING,
  COMPLETED,
  FAILED,
  CANCELLED;

  /** A terminal job absorbs every further event. */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
