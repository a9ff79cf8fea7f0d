package io.tork.scheduler.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.CancelJob;
import io.tork.model.Job;
import io.tork.model.JobDefaults;
import io.tork.model.JobSpec;
import io.tork.model.JobState;
import io.tork.model.LimitsSpec;
import io.tork.model.ParallelSpec;
import io.tork.model.RetrySpec;
import io.tork.model.SubJobSpec;
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

/** Parallel, each and sub-job tasks; job defaults, secrets and output. */
class JobMachineCompositeTest extends JobMachineFixtures {
  private static TaskSpec parallel(TaskSpec... children) {
    return TaskSpec.builder().name("p").parallel(new ParallelSpec(List.of(children))).build();
  }

  private static Task byName(State s, String name) {
    return s.tasks().values().stream()
        .filter(t -> t.name().equals(name))
        .max(Comparator.comparingInt(Task::seq))
        .orElseThrow();
  }

  @Test
  void aParallelTaskStartsAllItsChildrenAndCompletesWhenAllHave() {
    State s = submit(job(parallel(task("a"), task("b"), task("c")), task("after")));
    Task parent = byName(s, "p");
    assertThat(parent.state()).isEqualTo(TaskState.RUNNING);
    assertThat(parent.size()).isEqualTo(3);
    List<Task> kids = children(s, parent.id());
    assertThat(kids).extracting(Task::state).containsOnly(TaskState.SCHEDULED);
    assertThat(kids).extracting(Task::position).containsOnly(1);

    s = on(s, new TaskStarted("j1", kids.get(0).id(), "n1", T0));
    assertThat(s.job().state()).isEqualTo(JobState.RUNNING);
    s = on(s, new TaskCompleted("j1", kids.get(0).id(), "", T0));
    s = on(s, new TaskCompleted("j1", kids.get(2).id(), "", T0));
    assertThat(s.task(parent.id()).completions()).isEqualTo(2);
    assertThat(last.dispatches()).isEmpty();
    s = on(s, new TaskCompleted("j1", kids.get(1).id(), "", T0));
    assertThat(s.task(parent.id()).state()).isEqualTo(TaskState.COMPLETED);
    assertThat(last.dispatches()).extracting(Task::name).containsExactly("after");
    assertThat(s.job().position()).isEqualTo(2);
  }

  @Test
  void aChildFailureFailsTheJobAndStopsItsRunningSiblings() {
    State s = submit(job(parallel(task("a"), task("b"), task("c"))));
    List<Task> kids = children(s, byName(s, "p").id());
    s = on(s, new TaskStarted("j1", kids.get(0).id(), "n1", T0));
    s = on(s, new TaskStarted("j1", kids.get(1).id(), "n2", T0));
    s = on(s, new TaskFailed("j1", kids.get(0).id(), "exit code 1", T0));
    assertThat(s.job().state()).isEqualTo(JobState.FAILED);
    assertThat(s.job().error()).isEqualTo("exit code 1");
    assertThat(s.task(kids.get(1).id()).state()).isEqualTo(TaskState.CANCELLED);
    assertThat(s.task(kids.get(2).id()).state()).isEqualTo(TaskState.CANCELLED);
    assertThat(s.task(byName(s, "p").id()).state()).isEqualTo(TaskState.CANCELLED);
    assertThat(last.cancellations())
        .singleElement()
        .satisfies(c -> assertThat(c.nodeId()).isEqualTo("n2"));
  }

  @Test
  void aFailedChildIsRetriedBeforeItFailsTheJob() {
    TaskSpec.Builder flaky =
        TaskSpec.builder().name("f").image("i").run("r").retry(new RetrySpec(1));
    State s = submit(job(parallel(flaky.build(), task("b"))));
    Task f = byName(s, "f");
    s = on(s, new TaskFailed("j1", f.id(), "boom", T0));
    assertThat(s.job().state()).isEqualTo(JobState.SCHEDULED);
    Task again = byName(s, "f");
    assertThat(again.id()).isNotEqualTo(f.id());
    assertThat(again.parentId()).isEqualTo(f.parentId());
    s = on(s, new TaskCompleted("j1", again.id(), "", T0));
    s = on(s, new TaskCompleted("j1", byName(s, "b").id(), "", T0));
    assertThat(s.job().state()).isEqualTo(JobState.COMPLETED);
  }

  @Test
  void eachRunsOneChildPerElementWithItsIndexAndValue() {
    TaskSpec child =
        TaskSpec.builder()
            .name("say {{ item.value }}")
            .image("i")
            .run("r")
            .env(Map.of("AT", "{{ item.index }}"))
            .build();
    State s = submit(job(each("{{ sequence(5, 8) }}", 0, child)));
    List<Task> kids = children(s, byName(s, "e").id());
    assertThat(kids).extracting(Task::name).containsExactly("say 5", "say 6", "say 7");
    assertThat(kids).extracting(t -> t.spec().env().get("AT")).containsExactly("0", "1", "2");
    assertThat(kids).extracting(Task::state).containsOnly(TaskState.SCHEDULED);
  }

  @Test
  void eachWithConcurrencyHoldsBackTheRestAndReleasesThemInOrder() {
    State s = submit(job(each("{{ sequence(0, 5) }}", 2, task("c"))));
    Task parent = byName(s, "e");
    List<Task> kids = children(s, parent.id());
    assertThat(kids)
        .extracting(Task::state)
        .containsExactly(
            TaskState.SCHEDULED,
            TaskState.SCHEDULED,
            TaskState.CREATED,
            TaskState.CREATED,
            TaskState.CREATED);
    s = on(s, new TaskCompleted("j1", kids.get(1).id(), "", T0));
    assertThat(last.dispatches()).extracting(Task::index).containsExactly(2);
    s = on(s, new TaskCompleted("j1", kids.get(0).id(), "", T0));
    assertThat(last.dispatches()).extracting(Task::index).containsExactly(3);
    s = on(s, new TaskCompleted("j1", kids.get(2).id(), "", T0));
    assertThat(last.dispatches()).extracting(Task::index).containsExactly(4);
    s = on(s, new TaskCompleted("j1", kids.get(3).id(), "", T0));
    assertThat(last.dispatches()).isEmpty();
    s = on(s, new TaskCompleted("j1", kids.get(4).id(), "", T0));
    assertThat(s.task(parent.id()).state()).isEqualTo(TaskState.COMPLETED);
    assertThat(s.job().state()).isEqualTo(JobState.COMPLETED);
  }

  @Test
  void eachOverAnEmptyListCompletesAtOnce() {
    State s = submit(job(each("{{ fromJSON('[]') }}", 0, task("c")), task("after")));
    assertThat(byName(s, "e").state()).isEqualTo(TaskState.COMPLETED);
    assertThat(byName(s, "after").state()).isEqualTo(TaskState.SCHEDULED);
  }

  @Test
  void eachOverSomethingElseFailsTheJobSayingSo() {
    State s = submit(job(each("{{ 'abc' }}", 0, task("c"))));
    assertThat(s.job().state()).isEqualTo(JobState.FAILED);
    assertThat(s.job().error()).isEqualTo("each.list does not evaluate to a list: got 'abc'");
  }

  @Test
  void aChildEventOfTenThousandElementsCostsTheSameAsOfTwo() {
    // Tork's idiom: each child writes its own var, so the job's outputs grow with the list.
    TaskSpec child =
        TaskSpec.builder().name("c").image("i").run("r").var("v{{ item.index }}").build();
    State s = submit(job(each("{{ sequence(0, 10000) }}", 100, child)));
    Task parent = byName(s, "e");
    assertThat(parent.size()).isEqualTo(10_000);
    List<Task> kids = children(s, parent.id());
    assertThat(kids.stream().filter(t -> t.state() == TaskState.SCHEDULED)).hasSize(100);
    s = on(s, new TaskStarted("j1", kids.get(0).id(), "n1", T0));
    s = on(s, new TaskCompleted("j1", kids.get(0).id(), "out0", T0));
    // the child, its parent, the released sibling, one output entry; the job is not rewritten
    assertThat(last.tasks()).hasSize(3);
    assertThat(last.dispatches()).extracting(Task::index).containsExactly(100);
    assertThat(last.outputs()).containsExactly(java.util.Map.entry("v0", "out0"));
    assertThat(last.job()).isNull();
  }

  @Test
  void aSubJobRunsAsAChildJobAndItsResultIsTheTasksResult() {
    SubJobSpec sub =
        new SubJobSpec(
            "child of {{ job.name }}",
            null,
            null,
            List.of(task("inner")),
            Map.of("x", "{{ inputs.x }}"),
            null,
            "{{ inputs.x }}!",
            null,
            false,
            null);
    TaskSpec spec = TaskSpec.builder().name("s").subjob(sub).var("out").build();
    Job parentJob =
        Job.pending(
            "j1", new JobSpec("parent", null, Map.of("x", "42"), List.of(spec, task("b"))), T0);
    Decision d = Decisions.submitted(parentJob, null, T0, ids);
    Task s = d.tasks().getFirst();
    assertThat(s.state()).isEqualTo(TaskState.RUNNING);
    Job child = ((Message.SubmitJob) d.messages().getFirst()).job();
    assertThat(child.name()).isEqualTo("child of parent");
    assertThat(child.inputs()).containsEntry("x", "42");
    assertThat(child.parentJobId()).isEqualTo("j1");
    assertThat(child.parentId()).isEqualTo(s.id());
    assertThat(s.subJobId()).isEqualTo(child.id());

    // the child runs and completes: it reports to its parent
    Decision started = Decisions.submitted(child, null, T0, ids);
    Task inner = started.tasks().getFirst();
    Decision done =
        Decisions.onTaskEvent(
            started.job(), inner, new TaskCompleted(child.id(), inner.id(), "", T0), T0, ids);
    assertThat(done.job().state()).isEqualTo(JobState.COMPLETED);
    assertThat(done.job().result()).isEqualTo("42!");
    assertThat(done.messages())
        .containsExactly(new Message.ReportToParent(new TaskCompleted("j1", s.id(), "42!", T0)));

    // the parent hears it as its task's completion
    Decision next =
        Decisions.onTaskEvent(d.job(), s, new TaskCompleted("j1", s.id(), "42!", T0), T0, ids);
    assertThat(next.outputs()).containsEntry("out", "42!");
    assertThat(next.dispatches()).extracting(Task::name).containsExactly("b");
  }

  @Test
  void aFailedSubJobFailsItsParentTaskAndCancellingEitherCancelsTheOther() {
    SubJobSpec sub = new SubJobSpec("child", List.of(task("inner")), Map.of(), false);
    Job parentJob = job(TaskSpec.builder().name("s").subjob(sub).build());
    Decision d = Decisions.submitted(parentJob, null, T0, ids);
    Task s = d.tasks().getFirst();
    Job child = ((Message.SubmitJob) d.messages().getFirst()).job();

    Decision started = Decisions.submitted(child, null, T0, ids);
    Task inner = started.tasks().getFirst();
    Decision failed =
        Decisions.onTaskEvent(
            started.job(), inner, new TaskFailed(child.id(), inner.id(), "exit 3", T0), T0, ids);
    assertThat(failed.messages())
        .containsExactly(new Message.ReportToParent(new TaskFailed("j1", s.id(), "exit 3", T0)));

    Decision cancelParent =
        Decisions.onCommand(d.job(), List.of(s), new CancelJob("j1", T0), T0, ids);
    assertThat(cancelParent.messages())
        .containsExactly(new Message.SendCommand(new CancelJob(child.id(), T0)));
    Decision cancelChild =
        Decisions.onCommand(started.job(), List.of(inner), new CancelJob(child.id(), T0), T0, ids);
    assertThat(cancelChild.messages())
        .containsExactly(new Message.SendCommand(new CancelJob("j1", T0)));
  }

  @Test
  void aDetachedSubJobCompletesItsTaskAtOnce() {
    SubJobSpec sub = new SubJobSpec("child", List.of(task("inner")), Map.of(), true);
    Decision d =
        Decisions.submitted(job(TaskSpec.builder().name("s").subjob(sub).build()), null, T0, ids);
    assertThat(d.job().state()).isEqualTo(JobState.COMPLETED);
    Job child = ((Message.SubmitJob) d.messages().getFirst()).job();
    assertThat(child.isSubJob()).isFalse();
  }

  @Test
  void defaultsFillWhatATaskLeavesEmpty() {
    JobDefaults defaults =
        new JobDefaults(new RetrySpec(2), new LimitsSpec("1", "64m"), "30s", "fast", 5);
    TaskSpec own =
        TaskSpec.builder().name("own").image("i").run("r").timeout("5s").queue("slow").build();
    Job j =
        Job.pending(
            "j1",
            new JobSpec(
                "j",
                null,
                null,
                null,
                null,
                List.of(task("a"), own),
                null,
                defaults,
                null,
                null,
                null),
            T0);
    State s = submit(j);
    TaskSpec a = byName(s, "a").spec();
    assertThat(a.retry()).isEqualTo(new RetrySpec(2));
    assertThat(a.limits()).isEqualTo(new LimitsSpec("1", "64m"));
    assertThat(a.timeout()).isEqualTo("30s");
    assertThat(a.priority()).isEqualTo(5);
    assertThat(byName(s, "a").queue()).isEqualTo("fast");
    s = on(s, new TaskCompleted("j1", byName(s, "a").id(), "", T0));
    assertThat(byName(s, "own").spec().timeout()).isEqualTo("5s");
    assertThat(byName(s, "own").queue()).isEqualTo("slow");
  }

  @Test
  void theOutputTemplateBecomesTheResultAndSecretsAreInTheContext() {
    TaskSpec t =
        TaskSpec.builder()
            .name("t")
            .image("i")
            .run("r")
            .var("greeting")
            .env(Map.of("TOKEN", "{{ secrets.token }}"))
            .build();
    Job j =
        Job.pending(
            "j1",
            new JobSpec(
                "j",
                null,
                null,
                null,
                Map.of("token", "s3cr3t"),
                List.of(t),
                "{{ tasks.greeting }} world",
                null,
                null,
                null,
                null),
            T0);
    State s = submit(j);
    assertThat(byName(s, "t").spec().env()).containsEntry("TOKEN", "s3cr3t");
    s = on(s, new TaskCompleted("j1", byName(s, "t").id(), "hello", T0));
    assertThat(s.job().state()).isEqualTo(JobState.COMPLETED);
    assertThat(s.job().result()).isEqualTo("hello world");
  }

  @Test
  void anOutputThatCannotBeEvaluatedFailsTheJobWithTheError() {
    Job j =
        Job.pending(
            "j1",
            new JobSpec(
                "j",
                null,
                null,
                null,
                null,
                List.of(task("a")),
                "{{ nope.x }}",
                null,
                null,
                null,
                null),
            T0);
    State s = submit(j);
    s = on(s, new TaskCompleted("j1", byName(s, "a").id(), "", T0));
    assertThat(s.job().state()).isEqualTo(JobState.FAILED);
    assertThat(s.job().error()).startsWith("output: ");
  }
}
