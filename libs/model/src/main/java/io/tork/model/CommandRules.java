package io.tork.model;

/**
 * Tork's rules for what a user may ask of a job, written once: the API refuses a command that does
 * not apply with the reason (HTTP 400), and the scheduler decides nothing on one that reaches it
 * all the same (sent before the job moved on). The engine's own commands ({@link PlanChildren},
 * {@link CancelRemaining}) are not a user's: they always apply.
 */
public final class CommandRules {
  private CommandRules() {}

  /** Why {@code command} does not apply to {@code job}, or "" when it does. */
  public static String refusal(Job job, JobCommand command) {
    return switch (command) {
      case CancelJob cancel -> whyNotCancellable(job);
      case RestartJob restart -> whyNotRestartable(job);
      case DeleteJob delete -> whyNotDeletable(job);
      case FailQueued failQueued -> job.state().isTerminal() ? "job has ended" : "";
      case PlanChildren plan -> "";
      case CancelRemaining remaining -> "";
    };
  }

  /** Only a job that has not ended can be cancelled. */
  public static String whyNotCancellable(Job job) {
    return job.state().isTerminal() ? "job is not running" : "";
  }

  /** Only a job that has ended can be deleted: one still running is cancelled first. */
  public static String whyNotDeletable(Job job) {
    return job.state().isTerminal() ? "" : "job is " + job.state() + ": cancel it first";
  }

  /** Only a FAILED or CANCELLED job with a task left (at its position) can be restarted. */
  public static String whyNotRestartable(Job job) {
    if (job.state() != JobState.FAILED && job.state() != JobState.CANCELLED) {
      return "job is " + job.state() + " and can not be restarted";
    }
    if (job.position() < 1 || job.position() > job.taskCount()) {
      return "job has no more tasks to run";
    }
    return "";
  }
}
