package io.tork.scheduler.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.CancelJob;
import io.tork.model.CancelRemaining;
import io.tork.model.JobState;
import io.tork.model.ParallelSpec;
import io.tork.model.PlanChildren;
import io.tork.model.Task;
import io.tork.model.TaskCompleted;
import io.tork.model.TaskSpec;
import io.tork.model.TaskStarted;
import io.tork.model.TaskState;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Large composites are planned a chunk per decision, and large jobs cancelled a chunk per decision:
 * no decision grows with the job, and the job ends as if it had been done at once.
 */
class JobMachineChunksTest extends JobMachineFixtures {
  private static Task parent(State s) {
    return s.tasks().values().stream().filter(t -> t.name().equals("e")).findFirst().orElseThrow();
  }

  private static TaskSpec child() {
    return TaskSpec.builder().name("c{{ item.value }}").image("i").run("r").build();
  }

  @Test
  void aLargeEachIsPlannedAChunkPerDecisionInListOrder() {
    State s = submit(job(each("{{ sequence(0, 1200) }}", 0, child())));
    Task parent = parent(s);
    assertThat(parent.size()).isEqualTo(1200);
    assertThat(parent.planned()).isEqualTo(Changes.CHUNK);
    assertThat(children(s, parent.id())).hasSize(Changes.CHUNK);
    assertThat(s.pending()).containsExactly(new PlanChildren("j1", parent.id(), T0));
    assertThat(s.items()).as("the list, kept for the next chunks").hasSize(3);

    int[] decisions = {0};
    s = drain(s, decisions);
    assertThat(decisions[0]).isEqualTo(2);
    List<Task> kids = children(s, parent.id());
    assertThat(kids).hasSize(1200);
    assertThat(kids)
        .extracting(Task::name)
        .containsExactlyElementsOf(IntStream.range(0, 1200).mapToObj(i -> "c" + i).toList());
    assertThat(kids).extracting(Task::state).containsOnly(TaskState.SCHEDULED);
    assertThat(kids).extracting(Task::seq).isSorted();
    assertThat(s.items()).as("dropped once every child has its record").isEmpty();
    assertThat(s.job().childTasks()).isEqualTo(1200);

    for (Task kid : kids) {
      s = on(s, new TaskCompleted("j1", kid.id(), "", T0));
    }
    assertThat(s.job().state()).isEqualTo(JobState.COMPLETED);
  }

  @Test
  void aLargeParallelIsPlannedInChunksToo() {
    TaskSpec[] many = IntStream.range(0, 700).mapToObj(i -> task("p" + i)).toArray(TaskSpec[]::new);
    TaskSpec parallel =
        TaskSpec.builder().name("e").parallel(new ParallelSpec(List.of(many))).build();
    State s = submit(job(parallel));
    assertThat(children(s, parent(s).id())).hasSize(Changes.CHUNK);
    s = drain(s, new int[1]);
    assertThat(children(s, parent(s).id()))
        .extracting(Task::name)
        .containsExactlyElementsOf(IntStream.range(0, 700).mapToObj(i -> "p" + i).toList());
  }

  @Test
  void aLimitedEachHoldsBackAcrossChunksAndReleasesInOrder() {
    State s = submit(job(each("{{ sequence(0, 1200) }}", 3, child())));
    s = drain(s, new int[1]);
    String parentId = parent(s).id();
    List<Task> kids = children(s, parentId);
    assertThat(kids).hasSize(1200);
    assertThat(kids.subList(0, 3)).extracting(Task::state).containsOnly(TaskState.SCHEDULED);
    assertThat(kids.subList(3, 1200)).extracting(Task::state).containsOnly(TaskState.CREATED);
    for (int i = 0; i < 1200; i++) {
      s = on(s, new TaskCompleted("j1", children(s, parentId).get(i).id(), "", T0));
      if (i + 3 < 1200) {
        assertThat(last.dispatches()).extracting(Task::index).containsExactly(i + 3);
      }
    }
    assertThat(s.job().state()).isEqualTo(JobState.COMPLETED);
  }

  @Test
  void aConcurrencyLargerThanAChunkFillsItsSlotsOverSeveralDecisions() {
    State s = submit(job(each("{{ sequence(0, 1200) }}", 700, child())));
    String parentId = parent(s).id();
    s = drain(s, new int[1]);
    List<Task> kids = children(s, parentId);
    assertThat(kids.stream().filter(t -> t.state() == TaskState.SCHEDULED)).hasSize(700);
    assertThat(kids.subList(700, 1200)).extracting(Task::state).containsOnly(TaskState.CREATED);
  }

  @Test
  void completionsBeforeTheRestIsPlannedLetTheNextChildrenRunAtOnce() {
    // concurrency 500: the first decision plans exactly the 500 that run, the rest come later;
    // a completion before them plans its successor on the spot.
    State s = submit(job(each("{{ sequence(0, 1200) }}", 500, child())));
    String parentId = parent(s).id();
    Task first = children(s, parentId).getFirst();
    s = on(s.withoutPending(), new TaskCompleted("j1", first.id(), "", T0));
    assertThat(last.dispatches()).extracting(Task::index).containsExactly(500);
    assertThat(parent(s).planned()).isEqualTo(501);
  }

  @Test
  void heldBackChildrenAreSkippedWhenReleasedNotWhenPlanned() {
    TaskSpec maybe =
        TaskSpec.builder()
            .name("c{{ item.value }}")
            .image("i")
            .run("r")
            .condition("{{ item.value % 2 == 0 }}")
            .build();
    State s = submit(job(each("{{ sequence(0, 6) }}", 1, maybe)));
    String parentId = parent(s).id();
    assertThat(children(s, parentId))
        .extracting(Task::state)
        .containsExactly(
            TaskState.SCHEDULED,
            TaskState.CREATED,
            TaskState.CREATED,
            TaskState.CREATED,
            TaskState.CREATED,
            TaskState.CREATED);
    // c0 completes: c1 (odd) is skipped on release and c2 runs, in the same decision.
    s = on(s, new TaskCompleted("j1", children(s, parentId).get(0).id(), "", T0));
    assertThat(children(s, parentId))
        .extracting(Task::state)
        .startsWith(TaskState.COMPLETED, TaskState.SKIPPED, TaskState.SCHEDULED, TaskState.CREATED);
  }

  @Test
  void aLargeJobIsCancelledAChunkPerDecisionAndAStartMeanwhileIsStopped() {
    State s = submit(job(each("{{ sequence(0, 2500) }}", 1, child())));
    s = drain(s, new int[1]);
    String parentId = parent(s).id();
    Task running = children(s, parentId).getFirst();
    s = on(s, new TaskStarted("j1", running.id(), "n1", T0));
    s = command(s, new CancelJob("j1", T0));
    assertThat(s.job().state()).isEqualTo(JobState.CANCELLED);
    long active = s.tasks().values().stream().filter(t -> t.state().isActive()).count();
    assertThat(active).isEqualTo(2501 - Changes.CANCEL_CHUNK);
    assertThat(s.pending()).containsExactly(new CancelRemaining("j1", T0));

    // A record not cancelled yet starts somewhere: it is cancelled and stopped there.
    Task notYet =
        s.tasks().values().stream().filter(t -> t.state().isActive()).findFirst().orElseThrow();
    s = on(s, new TaskStarted("j1", notYet.id(), "n2", T0));
    assertThat(s.task(notYet.id()).state()).isEqualTo(TaskState.CANCELLED);
    assertThat(last.cancellations()).extracting(c -> c.nodeId()).containsExactly("n2");

    int[] decisions = {0};
    s = drain(s, decisions);
    assertThat(decisions[0]).isEqualTo(2);
    assertThat(s.tasks().values()).extracting(Task::state).doesNotContain(TaskState.CREATED);
    assertThat(s.tasks().values().stream().filter(t -> t.state().isActive())).isEmpty();
  }

  @Test
  void aChunkOfAnEndedJobPlansNothingAndDropsTheKeptList() {
    State s = submit(job(each("{{ sequence(0, 1200) }}", 0, child())));
    String parentId = parent(s).id();
    s = command(s.withoutPending(), new CancelJob("j1", T0));
    Decision d =
        Decisions.onCommand(s.job(), s.lookup(), new PlanChildren("j1", parentId, T0), T0, ids);
    assertThat(d.tasks()).isEmpty();
    assertThat(d.droppedItems()).containsExactly(parentId);
  }
}
