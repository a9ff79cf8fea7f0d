package io.tork.scheduler.core;

import io.tork.model.CancelJob;
import io.tork.model.CancelTask;
import io.tork.model.Job;
import io.tork.model.JobCommand;
import io.tork.model.JobState;
import io.tork.model.RestartJob;
import io.tork.model.Task;
import io.tork.model.TaskCompleted;
import io.tork.model.TaskEvent;
import io.tork.model.TaskFailed;
import io.tork.model.TaskReturned;
import io.tork.model.TaskStarted;
import io.tork.model.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The job and task state machine, Tork's semantics: top-level tasks run one after another; a
 * failure is retried as a new task record while {@code retry.limit} allows, else it fails the job;
 * the last completion completes the job. Idempotent: a duplicate or stale event (for a task record
 * that has already moved on, or a job that has ended) decides nothing.
 */
public final class JobMachine {
  /** How many times a task is re-dispatched after its node died before it fails. */
  public static final int MAX_RECOVERIES = 5;

  private JobMachine() {}

  /** A job document was accepted: schedule its first task. */
  public static Decision submitted(Job job, @Nullable Job existing, Instant now, IdSource ids) {
    if (existing != null) {
      return Decision.NOTHING; // a duplicate submission of the same id
    }
    if (job.state() != JobState.PENDING) {
      return new Decision(job, List.of(), List.of()); // rejected at parse time: store as is
    }
    return startTask(job, 1, 1, now, ids);
  }

  /** A worker reported on a task record of {@code job}. */
  public static Decision onTaskEvent(
      Job job, Task task, TaskEvent event, Instant now, IdSource ids) {
    if (event instanceof TaskStarted started && task.state().isTerminal()) {
      // A copy of a record that has already ended started somewhere (picked up after its job was
      // cancelled, or a handed-back copy of a task that was recovered meanwhile): stop it there.
      return new Decision(
          null,
          List.of(),
          List.of(),
          List.of(new CancelTask(started.nodeId(), job.id(), task.id())));
    }
    if (job.state().isTerminal() || task.state().isTerminal()) {
      return Decision.NOTHING;
    }
    return switch (event) {
      case TaskStarted started -> started(job, task, started);
      case TaskCompleted completed -> completed(job, task, completed, now, ids);
      case TaskFailed failed -> failed(job, task, failed, now, ids);
      case TaskReturned returned -> returned(task, returned);
    };
  }

  /**
   * A user's command. {@code active} are the job's task records that have not ended.
   *
   * <p>Cancel: only a job that has not ended; every active task is CANCELLED and the ones a node
   * has started are stopped there. Restart: only a FAILED or CANCELLED job with a task left; the
   * task at the job's position runs again as a new record.
   */
  public static Decision onCommand(
      Job job, List<Task> active, JobCommand command, Instant now, IdSource ids) {
    return switch (command) {
      case CancelJob cancel -> {
        if (job.state().isTerminal()) {
          yield Decision.NOTHING;
        }
        List<Task> cancelled = active.stream().map(t -> t.cancelled(now)).toList();
        List<CancelTask> stops =
            active.stream()
                .filter(t -> !t.nodeId().isEmpty())
                .map(t -> new CancelTask(t.nodeId(), job.id(), t.id()))
                .toList();
        yield new Decision(job.cancelled(now), cancelled, List.of(), stops);
      }
      case RestartJob restart -> {
        boolean restartable = job.state() == JobState.FAILED || job.state() == JobState.CANCELLED;
        if (!restartable || job.position() < 1 || job.position() > job.taskCount()) {
          yield Decision.NOTHING;
        }
        yield startTask(job.restarted(), job.position(), 1, now, ids);
      }
    };
  }

  private static Decision started(Job job, Task task, TaskStarted event) {
    if (task.state() == TaskState.RUNNING && !task.nodeId().equals(event.nodeId())) {
      // A second copy started elsewhere: the record runs where it first started; stop the copy.
      return new Decision(
          null, List.of(), List.of(), List.of(new CancelTask(event.nodeId(), job.id(), task.id())));
    }
    if (task.state() != TaskState.SCHEDULED) {
      return Decision.NOTHING; // a redelivered start
    }
    Task running = task.running(event.nodeId(), event.at());
    Job next = job.state() == JobState.SCHEDULED ? job.running(event.at()) : null;
    return new Decision(next, List.of(running), List.of());
  }

  /** A node shutting down gave the task back: the same record goes back to its queue. */
  private static Decision returned(Task task, TaskReturned event) {
    if (task.state() != TaskState.RUNNING || !task.nodeId().equals(event.nodeId())) {
      return Decision.NOTHING; // already moved on (recovered, or returned twice)
    }
    Task again = task.returned(event.at());
    return new Decision(null, List.of(again), List.of(again));
  }

  private static Decision completed(
      Job job, Task task, TaskCompleted event, Instant now, IdSource ids) {
    Task done = task.completed(event.result(), event.at());
    Job withOutput = job;
    if (!task.spec().var().isEmpty() && !event.result().isEmpty()) {
      withOutput =
          job.advanced(
              job.position(), job.taskSeq(), job.outputsWith(task.spec().var(), event.result()));
    }
    if (withOutput.state() == JobState.SCHEDULED) {
      withOutput = withOutput.running(event.at());
    }
    return prepend(done, startTask(withOutput, task.position() + 1, 1, now, ids));
  }

  private static Decision failed(Job job, Task task, TaskFailed event, Instant now, IdSource ids) {
    Task failed = task.failed(event.error(), event.at());
    var retry = task.spec().retry();
    // Recoveries (re-runs after a node died) do not count against the retry limit.
    if (retry != null && task.attempt() - task.recoveries() <= retry.limit()) {
      return rerun(job, failed, false, now, ids);
    }
    return new Decision(job.failed(now, event.error()), List.of(failed), List.of());
  }

  /**
   * The node running {@code task} stopped heartbeating: the task runs again as a new record on its
   * queue (a recovery), at most {@link #MAX_RECOVERIES} times, and the node is told to stop the old
   * attempt in case it was only slow. A task no longer running on that node is left alone.
   */
  public static Decision onNodeLost(Job job, Task task, String nodeId, Instant now, IdSource ids) {
    if (job.state().isTerminal()
        || task.state() != TaskState.RUNNING
        || !task.nodeId().equals(nodeId)) {
      return Decision.NOTHING;
    }
    List<CancelTask> stop = List.of(new CancelTask(nodeId, job.id(), task.id()));
    if (task.recoveries() >= MAX_RECOVERIES) {
      String error =
          "node "
              + nodeId
              + " stopped responding; the task was lost with its node "
              + (task.recoveries() + 1)
              + " times, giving up";
      return new Decision(
          job.failed(now, error), List.of(task.failed(error, now)), List.of(), stop);
    }
    Task lost = task.failed("node " + nodeId + " stopped responding; task re-dispatched", now);
    Decision rerun = rerun(job, lost, true, now, ids);
    return new Decision(rerun.job(), rerun.tasks(), rerun.dispatches(), stop);
  }

  /** {@code ended} runs again as a new record of the same task (a retry or a recovery). */
  private static Decision rerun(Job job, Task ended, boolean recovery, Instant now, IdSource ids) {
    int seq = job.taskSeq() + 1;
    Task next = ended.again(ids.next(), seq, recovery, now);
    Job advanced = job.advanced(job.position(), seq, job.outputs());
    return new Decision(advanced, List.of(ended, next), List.of(next));
  }

  /**
   * Schedules the task at {@code position}: skipped tasks are recorded and passed over, a task
   * whose templates fail fails the job, and past the last task the job completes.
   */
  private static Decision startTask(Job job, int position, int attempt, Instant now, IdSource ids) {
    List<Task> records = new ArrayList<>();
    Job current = job.state() == JobState.PENDING ? job.withState(JobState.SCHEDULED) : job;
    int at = position;
    int attemptAt = attempt;
    while (at <= current.taskCount()) {
      int seq = current.taskSeq() + 1;
      Task task = TaskPlanner.plan(current, at, seq, attemptAt, ids.next(), now);
      current = current.advanced(at, seq, current.outputs());
      records.add(task);
      switch (task.state()) {
        case SKIPPED -> {
          at++;
          attemptAt = 1;
        }
        case FAILED -> {
          return new Decision(current.failed(now, task.error()), records, List.of());
        }
        default -> {
          return new Decision(current, records, List.of(task));
        }
      }
    }
    Job done = current.advanced(at, current.taskSeq(), current.outputs()).completed(now, "");
    return new Decision(done, records, List.of());
  }

  private static Decision prepend(Task task, Decision decision) {
    List<Task> tasks =
        java.util.stream.Stream.concat(java.util.stream.Stream.of(task), decision.tasks().stream())
            .toList();
    return new Decision(decision.job(), tasks, decision.dispatches(), decision.cancellations());
  }
}
