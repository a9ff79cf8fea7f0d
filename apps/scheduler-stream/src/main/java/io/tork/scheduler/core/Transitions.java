package io.tork.scheduler.core;

import io.tork.model.JobState;
import io.tork.model.TaskState;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The legal transitions of a job and of a task record, declared once: {@link Changes} checks every
 * change a decision makes against them (with assertions on: every test), and a test renders them
 * into {@code docs/state-machine.md}. Staying in a state (progress, position) is not a transition
 * and always allowed; a {@code from} of null is a record's first state.
 */
public final class Transitions {
  /** One legal change of state, and what makes it. */
  public record Edge<S extends Enum<S>>(@Nullable S from, S to, String cause) {}

  public static final List<Edge<JobState>> JOB =
      List.of(
          job(null, JobState.PENDING, "document accepted"),
          job(null, JobState.FAILED, "document rejected"),
          job(JobState.PENDING, JobState.SCHEDULED, "first task scheduled"),
          job(JobState.PENDING, JobState.FAILED, "incident"),
          job(JobState.SCHEDULED, JobState.RUNNING, "a task started or ended"),
          job(JobState.SCHEDULED, JobState.COMPLETED, "every task skipped"),
          job(JobState.SCHEDULED, JobState.FAILED, "a task failed or could not start, or timeout"),
          job(JobState.SCHEDULED, JobState.CANCELLED, "cancel"),
          job(JobState.RUNNING, JobState.COMPLETED, "last task completed"),
          job(JobState.RUNNING, JobState.FAILED, "a task failed, timeout, or incident"),
          job(JobState.RUNNING, JobState.CANCELLED, "cancel"),
          job(JobState.FAILED, JobState.RUNNING, "restart"),
          job(JobState.CANCELLED, JobState.RUNNING, "restart"));

  public static final List<Edge<TaskState>> TASK =
      List.of(
          task(null, TaskState.CREATED, "held back by concurrency or dependencies"),
          task(null, TaskState.SCHEDULED, "dispatched (a retry or recovery too)"),
          task(null, TaskState.PENDING, "a retry waiting for its delay"),
          task(null, TaskState.RUNNING, "composite or sub-job started"),
          task(null, TaskState.COMPLETED, "detached sub-job, or nothing to run"),
          task(null, TaskState.SKIPPED, "if is false"),
          task(null, TaskState.FAILED, "templates failed"),
          task(TaskState.CREATED, TaskState.SCHEDULED, "released, dispatched"),
          task(TaskState.CREATED, TaskState.RUNNING, "released, composite or sub-job started"),
          task(TaskState.CREATED, TaskState.COMPLETED, "released, nothing to run"),
          task(TaskState.CREATED, TaskState.SKIPPED, "released, if is false"),
          task(TaskState.CREATED, TaskState.FAILED, "released, could not start"),
          task(TaskState.CREATED, TaskState.CANCELLED, "job ended"),
          task(TaskState.PENDING, TaskState.SCHEDULED, "retry delay over, dispatched"),
          task(TaskState.PENDING, TaskState.CANCELLED, "job ended"),
          task(TaskState.SCHEDULED, TaskState.RUNNING, "started"),
          task(TaskState.SCHEDULED, TaskState.COMPLETED, "completed"),
          task(TaskState.SCHEDULED, TaskState.FAILED, "failed"),
          task(TaskState.SCHEDULED, TaskState.CANCELLED, "job ended"),
          task(TaskState.RUNNING, TaskState.SCHEDULED, "given back by its node"),
          task(TaskState.RUNNING, TaskState.COMPLETED, "completed"),
          task(TaskState.RUNNING, TaskState.FAILED, "failed, or node lost"),
          task(TaskState.RUNNING, TaskState.CANCELLED, "job ended, or a copy started"));

  private Transitions() {}

  /** Whether a job may go from {@code from} (null: a new job) to {@code to}. */
  public static boolean jobMay(@Nullable JobState from, JobState to) {
    return from == to || JOB.stream().anyMatch(e -> e.from() == from && e.to() == to);
  }

  /** Whether a task record may go from {@code from} (null: a new record) to {@code to}. */
  public static boolean taskMay(@Nullable TaskState from, TaskState to) {
    return from == to || TASK.stream().anyMatch(e -> e.from() == from && e.to() == to);
  }

  /** The transitions as a Mermaid state diagram. */
  public static <S extends Enum<S>> String mermaid(List<Edge<S>> edges) {
    return edges.stream()
        .map(
            e ->
                "    "
                    + (e.from() == null ? "[*]" : e.from().name())
                    + " --> "
                    + e.to().name()
                    + ": "
                    + e.cause())
        .collect(Collectors.joining("\n", "stateDiagram-v2\n", "\n"));
  }

  private static Edge<JobState> job(@Nullable JobState from, JobState to, String cause) {
    return new Edge<>(from, to, cause);
  }

  private static Edge<TaskState> task(@Nullable TaskState from, TaskState to, String cause) {
    return new Edge<>(from, to, cause);
  }
}
