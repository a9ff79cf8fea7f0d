package io.tork.scheduler.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.CancelJob;
import io.tork.model.Job;
import io.tork.model.JobSpec;
import io.tork.model.RestartJob;
import io.tork.model.RetrySpec;
import io.tork.model.Task;
import io.tork.model.TaskCompleted;
import io.tork.model.TaskEvent;
import io.tork.model.TaskFailed;
import io.tork.model.TaskSpec;
import io.tork.model.TaskStarted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Properties over random event histories (seeded, so a failure reproduces): whatever arrives, in
 * whatever order and however often, a repeated event decides nothing, a terminal job absorbs every
 * event, and each job has at most one active task record (tasks run one after another).
 */
class JobMachinePropertiesTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
  void randomHistoriesKeepTheInvariants(long seed) {
    for (int round = 0; round < 50; round++) {
      runHistory(new Random(seed * 1000 + round));
    }
  }

  private void runHistory(Random random) {
    AtomicInteger ids = new AtomicInteger();
    IdSource idSource = () -> "t" + ids.incrementAndGet();
    List<TaskSpec> specs = new ArrayList<>();
    for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
      RetrySpec retry = random.nextBoolean() ? new RetrySpec(1 + random.nextInt(2)) : null;
      specs.add(TaskSpec.builder().name("t" + i).image("i").run("r").retry(retry).build());
    }
    Job job = Job.pending("j", new JobSpec("j", null, Map.of(), specs), T0);
    JobMachineFixtures.State s =
        new JobMachineFixtures.State(job, Map.of())
            .apply(Decisions.submitted(job, null, T0, idSource));
    List<TaskEvent> sent = new ArrayList<>();

    for (int step = 0; step < 40; step++) {
      if (random.nextInt(10) == 0) {
        var command = random.nextBoolean() ? new CancelJob("j", T0) : new RestartJob("j", T0);
        List<Task> active = s.tasks().values().stream().filter(t -> t.state().isActive()).toList();
        s = s.apply(Decisions.onCommand(s.job(), active, command, T0, idSource));
        continue;
      }
      TaskEvent event =
          random.nextInt(4) == 0 && !sent.isEmpty()
              ? sent.get(random.nextInt(sent.size()))
              : randomEvent(random, List.copyOf(s.tasks().values()));
      Job before = s.job();
      Task task = s.task(event.taskId());
      Decision d = Decisions.onTaskEvent(before, task, event, T0, idSource);
      if (before.state().isTerminal()) {
        assertThat(d.job()).as("a terminal job absorbs %s", event).isNull();
        assertThat(d.dispatches()).isEmpty();
      }
      s = s.apply(d);
      Decision again = Decisions.onTaskEvent(s.job(), s.task(event.taskId()), event, T0, idSource);
      assertThat(again.job()).as("a repeated %s changes the job", event).isNull();
      assertThat(again.tasks()).as("a repeated %s changes tasks", event).isEmpty();
      assertThat(again.dispatches()).isEmpty();
      sent.add(event);
      long active = s.tasks().values().stream().filter(t -> t.state().isActive()).count();
      assertThat(active).as("active task records").isLessThanOrEqualTo(1);
      if (s.job().state().isTerminal()) {
        assertThat(active).isZero();
      }
    }
  }

  private static TaskEvent randomEvent(Random random, List<Task> tasks) {
    Task task = tasks.get(random.nextInt(tasks.size()));
    return switch (random.nextInt(3)) {
      case 0 -> new TaskStarted("j", task.id(), "n" + random.nextInt(2), T0);
      case 1 -> new TaskCompleted("j", task.id(), "r" + random.nextInt(3), T0);
      default -> new TaskFailed("j", task.id(), "e", T0);
    };
  }
}
