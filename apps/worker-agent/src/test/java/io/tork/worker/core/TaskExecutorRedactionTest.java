package io.tork.worker.core;

import static io.tork.worker.core.TaskFixtures.IMAGE;
import static io.tork.worker.core.TaskFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.Task;
import io.tork.model.TaskCompleted;
import io.tork.model.TaskEvent;
import io.tork.model.TaskFailed;
import io.tork.model.TaskLogPart;
import io.tork.model.TaskSpec;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The worker keeps the secrets it knows (its job's, which the task record carries, and secret-named
 * env) out of everything that leaves it: log lines, the result, the error.
 */
class TaskExecutorRedactionTest {
  private static final String JOB_SECRET = "tok-" + "51ab9c0d";
  private static final String ENV_SECRET = "pw-" + "77e1f2";

  /** Everything the worker sends. */
  private static final class Sent implements EventPublisher {
    final List<TaskEvent> events = new CopyOnWriteArrayList<>();
    final List<TaskLogPart> logs = new CopyOnWriteArrayList<>();

    @Override
    public void publish(TaskEvent event) {
      events.add(event);
    }

    @Override
    public CompletionStage<Void> publishLog(TaskLogPart part) {
      logs.add(part);
      return CompletableFuture.completedFuture(null);
    }

    String all() {
      return events + " " + logs;
    }
  }

  /** A runtime that prints and returns what it is told (the task's own output). */
  private static Runtime printing(BiFunction<Task, Execution, TaskOutcome> outcome) {
    return new Runtime() {
      @Override
      public TaskOutcome run(Task task, Execution execution) {
        execution.logs().line("the token is " + JOB_SECRET + ", the password " + ENV_SECRET);
        return outcome.apply(task, execution);
      }

      @Override
      public void close() {}
    };
  }

  private static Task carrying() {
    return task(TaskSpec.of("t", IMAGE, "true").withEnv(Map.of("DB_PASSWORD", ENV_SECRET)))
        .toBuilder()
        .secrets(List.of(JOB_SECRET)) // as the scheduler stamps every record of the job
        .build();
  }

  /** Runs the secret-carrying task on a runtime that prints secrets and ends as {@code outcome}. */
  private static Sent executed(TaskOutcome outcome) {
    Sent sent = new Sent();
    TaskExecutor executor =
        new TaskExecutor(printing((t, e) -> outcome), "node", sent, Clock.systemUTC());
    executor.execute(carrying());
    executor.shutdown();
    return sent;
  }

  @Test
  void aResultAndTheLogShowNoSecret() {
    Sent sent = executed(new TaskOutcome.Succeeded("wrote " + JOB_SECRET));
    assertThat(sent.events)
        .singleElement()
        .isInstanceOfSatisfying(
            TaskCompleted.class, c -> assertThat(c.result()).isEqualTo("wrote [REDACTED]"));
    assertThat(sent.logs)
        .extracting(TaskLogPart::contents)
        .containsExactly("the token is [REDACTED], the password [REDACTED]\n");
    assertThat(sent.all()).doesNotContain(JOB_SECRET).doesNotContain(ENV_SECRET);
  }

  @Test
  void aResultShapedLikeASealedValueFailsTheTask() {
    String forged = "enc:v1:0011aabb:" + "A".repeat(40);
    Sent sent = executed(new TaskOutcome.Succeeded(forged));
    assertThat(sent.events)
        .singleElement()
        .isInstanceOfSatisfying(
            TaskFailed.class,
            f -> assertThat(f.error()).startsWith("task output: has the form of a sealed value"));
  }

  @Test
  void anErrorShowsNoSecret() {
    Sent sent = executed(new TaskOutcome.Failed("exit code 1: " + JOB_SECRET));
    assertThat(sent.events)
        .singleElement()
        .isInstanceOfSatisfying(
            TaskFailed.class, f -> assertThat(f.error()).isEqualTo("exit code 1: [REDACTED]"));
    assertThat(sent.all()).doesNotContain(JOB_SECRET).doesNotContain(ENV_SECRET);
  }
}
