package io.tork.scheduler.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.DagSpec;
import io.tork.model.JobState;
import io.tork.model.ParallelSpec;
import io.tork.model.RetrySpec;
import io.tork.model.Task;
import io.tork.model.TaskCompleted;
import io.tork.model.TaskFailed;
import io.tork.model.TaskSpec;
import io.tork.model.TaskStarted;
import io.tork.model.TaskState;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code dag} tasks: each child starts when its dependencies have completed. */
class JobMachineDagTest extends JobMachineFixtures {
  static TaskSpec dag(TaskSpec... children) {
    return TaskSpec.builder().name("g").dag(new DagSpec(List.of(children))).build();
  }

  static TaskSpec after(String name, String... deps) {
    return task(name).toBuilder().var(name).dependencies(List.of(deps)).build();
  }

  private static Task byName(State s, String name) {
    return s.tasks().values().stream()
        .filter(t -> t.name().equals(name))
        .max(Comparator.comparingInt(Task::seq))
        .orElseThrow();
  }

  private State complete(State s, String name, String result) {
    return on(s, new TaskCompleted("j1", byName(s, name).id(), result, T0));
  }

  @Test
  void aDiamondRunsInDependencyOrderAndPassesOutputs() {
    TaskSpec b = after("b", "a").toBuilder().env(Map.of("FROM_A", "{{ tasks.a }}")).build();
    State s = submit(job(dag(after("a"), b, after("c", "a"), after("d", "b", "c")), task("next")));
    assertThat(byName(s, "g").state()).isEqualTo(TaskState.RUNNING);
    assertThat(byName(s, "g").size()).isEqualTo(4);
    assertThat(byName(s, "a").state()).isEqualTo(TaskState.SCHEDULED);
    assertThat(List.of(byName(s, "b"), byName(s, "c"), byName(s, "d")))
        .extracting(Task::state, Task::waiting)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(TaskState.CREATED, 1),
            org.assertj.core.groups.Tuple.tuple(TaskState.CREATED, 1),
            org.assertj.core.groups.Tuple.tuple(TaskState.CREATED, 2));
    assertThat(byName(s, "b").spec().env()).containsEntry("FROM_A", "{{ tasks.a }}");

    s = complete(s, "a", "hello");
    assertThat(last.dispatches()).extracting(Task::name).containsExactlyInAnyOrder("b", "c");
    assertThat(byName(s, "b").spec().env()).containsEntry("FROM_A", "hello");
    assertThat(byName(s, "d").waiting()).isEqualTo(2);

    s = complete(s, "c", "");
    assertThat(last.dispatches()).isEmpty();
    assertThat(byName(s, "d").waiting()).isEqualTo(1);
    s = complete(s, "b", "");
    assertThat(last.dispatches()).extracting(Task::name).containsExactly("d");
    s = complete(s, "d", "");
    assertThat(byName(s, "g").state()).isEqualTo(TaskState.COMPLETED);
    assertThat(last.dispatches()).extracting(Task::name).containsExactly("next");
    assertThat(s.items()).as("the kept graph is dropped with the dag").isEmpty();
  }

  @Test
  void independentChildrenStartAtOnceWhateverTheirOrderInTheList() {
    State s = submit(job(dag(after("late", "early"), after("x"), after("early"))));
    assertThat(s.tasks().values().stream().filter(t -> t.state() == TaskState.SCHEDULED))
        .extracting(Task::name)
        .containsExactlyInAnyOrder("x", "early");
    s = complete(s, "early", "");
    assertThat(last.dispatches()).extracting(Task::name).containsExactly("late");
  }

  @Test
  void aSkippedDependencyCountsAsCompleted() {
    TaskSpec skipped = after("b", "a").toBuilder().condition("{{ 1 == 2 }}").build();
    State s = submit(job(dag(after("a"), skipped, after("c", "b"))));
    s = complete(s, "a", "");
    assertThat(byName(s, "b").state()).isEqualTo(TaskState.SKIPPED);
    assertThat(byName(s, "c").state()).isEqualTo(TaskState.SCHEDULED);
    s = complete(s, "c", "");
    assertThat(s.job().state()).isEqualTo(JobState.COMPLETED);
  }

  @Test
  void aChildSkippedAtOnceReleasesAnEarlierListedDependent() {
    TaskSpec skipped = after("b").toBuilder().condition("false").build();
    State s = submit(job(dag(after("c", "b"), skipped)));
    assertThat(byName(s, "c").state()).isEqualTo(TaskState.SCHEDULED);
  }

  @Test
  void aFailedChildFailsTheJobItsDependentsNeverStartAndRunningSiblingsStop() {
    State s = submit(job(dag(after("a"), after("b", "a"), after("slow"))));
    s = on(s, new TaskStarted("j1", byName(s, "a").id(), "n1", T0));
    s = on(s, new TaskStarted("j1", byName(s, "slow").id(), "n2", T0));
    s = on(s, new TaskFailed("j1", byName(s, "a").id(), "exit code 1", T0));
    assertThat(s.job().state()).isEqualTo(JobState.FAILED);
    assertThat(s.job().error()).isEqualTo("exit code 1");
    assertThat(byName(s, "b").state()).isEqualTo(TaskState.CANCELLED);
    assertThat(byName(s, "slow").state()).isEqualTo(TaskState.CANCELLED);
    assertThat(byName(s, "g").state()).isEqualTo(TaskState.CANCELLED);
    assertThat(last.dispatches()).isEmpty();
    assertThat(last.cancellations())
        .singleElement()
        .satisfies(c -> assertThat(c.nodeId()).isEqualTo("n2"));
    assertThat(s.items()).as("the kept graph is dropped with the dag").isEmpty();
  }

  @Test
  void aDependencyIsRetriedBeforeItsDependentsStart() {
    TaskSpec flaky = after("a").toBuilder().retry(new RetrySpec(1)).build();
    State s = submit(job(dag(flaky, after("b", "a"))));
    Task first = byName(s, "a");
    s = on(s, new TaskFailed("j1", first.id(), "boom", T0));
    assertThat(byName(s, "a").id()).isNotEqualTo(first.id());
    assertThat(byName(s, "b").state()).isEqualTo(TaskState.CREATED);
    s = complete(s, "a", "");
    assertThat(last.dispatches()).extracting(Task::name).containsExactly("b");
    s = complete(s, "b", "");
    assertThat(s.job().state()).isEqualTo(JobState.COMPLETED);
  }

  @Test
  void aTemplateThatFailsWhenAChildIsLetRunFailsTheJob() {
    TaskSpec broken = after("b", "a").toBuilder().env(Map.of("X", "{{ nope( }}")).build();
    State s = submit(job(dag(after("a"), broken)));
    s = complete(s, "a", "");
    assertThat(s.job().state()).isEqualTo(JobState.FAILED);
    assertThat(byName(s, "b").state()).isEqualTo(TaskState.FAILED);
  }

  @Test
  void aDagNestsInAParallelAndHoldsAComposite() {
    TaskSpec inner =
        TaskSpec.builder()
            .name("p")
            .dependencies(List.of("a"))
            .parallel(new ParallelSpec(List.of(task("p1"), task("p2"))))
            .build();
    TaskSpec outer =
        TaskSpec.builder()
            .name("outer")
            .parallel(new ParallelSpec(List.of(dag(after("a"), inner), task("side"))))
            .build();
    State s = submit(job(outer));
    assertThat(byName(s, "p").state()).isEqualTo(TaskState.CREATED);
    s = complete(s, "a", "");
    assertThat(byName(s, "p").state()).isEqualTo(TaskState.RUNNING);
    s = complete(s, "p1", "");
    s = complete(s, "p2", "");
    assertThat(byName(s, "g").state()).isEqualTo(TaskState.COMPLETED);
    assertThat(s.job().state()).isEqualTo(JobState.RUNNING);
    s = complete(s, "side", "");
    assertThat(s.job().state()).isEqualTo(JobState.COMPLETED);
  }
}
