package io.tork.scheduler.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.EachSpec;
import io.tork.model.Job;
import io.tork.model.JobSpec;
import io.tork.model.JobState;
import io.tork.model.Limits;
import io.tork.model.Task;
import io.tork.model.TaskCompleted;
import io.tork.model.TaskFailed;
import io.tork.model.TaskSpec;
import io.tork.model.TaskState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Over a limit at run time, the task or the job fails, naming the limit, the size and the flag. */
class JobMachineLimitsTest extends JobMachineFixtures {
  /** Small limits, so that tests need no megabytes. */
  static final Limits SMALL =
      new Limits(
          512 * 1024,
          1000, // result
          100, // error
          1000, // value
          1500, // job result
          1024,
          1 << 20,
          10, // tasks per job
          20, // sequence
          100_000,
          java.time.Duration.ofMinutes(1),
          java.time.Duration.ofDays(1),
          java.time.Duration.ofSeconds(1),
          8 * 1024 * 1024);

  private State submit(Job job, Limits limits) {
    return new State(job, Map.of()).apply(Decisions.submitted(job, null, T0, ids, limits));
  }

  private State on(State s, io.tork.model.TaskEvent e, Limits limits) {
    return s.apply(
        last = Decisions.onTaskEvent(s.job(), s.task(e.taskId()), e, T0, ids, s.lookup(), limits));
  }

  private static Job withOutput(String output, TaskSpec... tasks) {
    return Job.pending(
        "j1",
        new JobSpec("j", null, null, null, null, List.of(tasks), output, null, null, null, null),
        T0);
  }

  @Test
  void aResultOverTheLimitFailsTheTask() {
    State s = submit(job(task("a")), SMALL);
    s = on(s, new TaskCompleted("j1", "task-1", "x".repeat(1001), T0), SMALL);
    assertThat(s.task("task-1").state()).isEqualTo(TaskState.FAILED);
    assertThat(s.job().state()).isEqualTo(JobState.FAILED);
    assertThat(s.job().error())
        .isEqualTo("task output is 1001 bytes, over the limit of 1000 (--max-result-size)");
  }

  @Test
  void anErrorOverTheLimitKeepsItsEnd() {
    State s = submit(job(task("a")), SMALL);
    s = on(s, new TaskFailed("j1", "task-1", "y".repeat(5000) + " exit code 1", T0), SMALL);
    assertThat(s.job().error()).hasSizeLessThanOrEqualTo(100).endsWith("exit code 1");
    assertThat(s.job().error()).startsWith("[truncated: 5012 bytes");
  }

  @Test
  void aJobResultOverTheLimitFailsTheJob() {
    TaskSpec a = TaskSpec.builder().name("a").image("i").run("r").var("a").build();
    State s = submit(withOutput("{{ tasks.a }}{{ tasks.a }}", a), SMALL);
    s = on(s, new TaskCompleted("j1", "task-1", "z".repeat(800), T0), SMALL);
    assertThat(s.job().state()).isEqualTo(JobState.FAILED);
    assertThat(s.job().error())
        .isEqualTo(
            "output: the value of '{{ tasks.a }}{{ tasks.a }}' is 1600 bytes, over the limit of"
                + " 1500 (--max-job-result-size)");
  }

  @Test
  void aTemplateOverTheLimitFailsItsTask() {
    TaskSpec a = TaskSpec.builder().name("a").image("i").run("r").var("a").build();
    TaskSpec b =
        TaskSpec.builder()
            .name("b")
            .image("i")
            .run("r")
            .env(Map.of("X", "{{ tasks.a }}{{ tasks.a }}"))
            .build();
    State s = submit(job(a, b), SMALL);
    s = on(s, new TaskCompleted("j1", "task-1", "z".repeat(800), T0), SMALL);
    assertThat(s.job().state()).isEqualTo(JobState.FAILED);
    assertThat(s.job().error())
        .contains("is 1600 bytes, over the limit of 1000 (--max-value-size)");
  }

  @Test
  void aListOverTheLimitFailsFastAndSoDoesASequence() {
    TaskSpec each =
        TaskSpec.builder()
            .name("e")
            .each(new EachSpec("{{ fromJSON(inputs.list) }}", null, 0, task("c")))
            .build();
    Job job =
        Job.pending(
            "j1",
            new JobSpec("j", null, Map.of("list", "[1,2,3,4,5,6,7,8,9,10,11]"), List.of(each)),
            T0);
    State s = submit(job, SMALL);
    assertThat(s.job().state()).isEqualTo(JobState.FAILED);
    assertThat(s.job().error())
        .isEqualTo("each.list is 11 items, over the limit of 10 (--max-tasks-per-job)");
    assertThat(s.tasks()).hasSize(1);

    TaskSpec sequence =
        TaskSpec.builder()
            .name("e")
            .each(new EachSpec("{{ sequence(0, toInt(inputs.n)) }}", null, 0, task("c")))
            .build();
    s =
        submit(
            Job.pending(
                "j1", new JobSpec("j", null, Map.of("n", "10000000"), List.of(sequence)), T0),
            SMALL);
    assertThat(s.job().error())
        .contains("sequence(0, 10000000) is 10000000 items, over the limit of 20 (--max-sequence)");
  }

  @Test
  void nestedListsOverTheJobsLimitFailTheOneThatWouldGoOver() {
    TaskSpec inner =
        TaskSpec.builder()
            .name("inner")
            .each(new EachSpec("{{ sequence(0, 4) }}", null, 0, task("c")))
            .build();
    TaskSpec outer =
        TaskSpec.builder()
            .name("outer")
            .each(new EachSpec("{{ sequence(0, 3) }}", null, 0, inner))
            .build();
    State s = submit(job(outer), SMALL);
    // outer reserves 3, two inner ones 4 each (3 + 8 = 11 > 10): the second inner one fails.
    assertThat(s.job().state()).isEqualTo(JobState.FAILED);
    assertThat(s.job().error())
        .isEqualTo(
            "the number of child tasks of the job is 11, over the limit of 10 (--max-tasks-per-job)");
  }

  @Test
  void anItemOverTheValueLimitFailsTheEach() {
    TaskSpec each =
        TaskSpec.builder()
            .name("e")
            .each(new EachSpec("{{ fromJSON(inputs.list) }}", null, 0, task("c")))
            .build();
    String big = "[\"" + "q".repeat(2000) + "\"]";
    State s =
        submit(
            Job.pending("j1", new JobSpec("j", null, Map.of("list", big), List.of(each)), T0),
            SMALL);
    assertThat(s.job().error())
        .isEqualTo("each.list[0] is 2002 bytes, over the limit of 1000 (--max-value-size)");
  }

  @Test
  void anIncidentFailsTheJobAndCancelsWhatRuns() {
    State s = submit(job(task("a"), task("b")));
    Decision d =
        Decisions.onIncident(
            s.job(), "a record is too large", T0, ids, s.lookup(), Limits.DEFAULTS);
    s = s.apply(d);
    assertThat(s.job().state()).isEqualTo(JobState.FAILED);
    assertThat(s.job().error()).isEqualTo("a record is too large");
    assertThat(s.task("task-1").state()).isEqualTo(TaskState.CANCELLED);
    assertThat(
            Decisions.onIncident(s.job(), "again", T0, ids, s.lookup(), Limits.DEFAULTS)
                .isNothing())
        .isTrue();
  }

  @Test
  void anAbandonedJobIsSmallAndTellsItsParent() {
    Job child =
        job(task("a")).toBuilder()
            .parentJobId("p1")
            .parentId("pt")
            .name("n".repeat(10_000))
            .build();
    Decision d = JobMachine.abandoned(child.id(), child, "e".repeat(100_000), T0, Limits.DEFAULTS);
    assertThat(d.job().state()).isEqualTo(JobState.FAILED);
    assertThat(d.job().tasks()).isEmpty();
    assertThat(d.job().name()).hasSize(256);
    assertThat(d.job().error().length()).isLessThanOrEqualTo(16 * 1024);
    assertThat(d.messages()).singleElement().isInstanceOf(Message.ReportToParent.class);
    assertThat(JobMachine.abandoned("j9", null, "why", T0, Limits.DEFAULTS).job().id())
        .isEqualTo("j9");
  }

  @Test
  void aTasksTemplatesTogetherStayWithinARecord() {
    // The smallest record limit there may be (the body's, 512 KiB); values a sixth of it.
    Limits tight =
        new Limits(
            512 * 1024,
            80_000,
            100,
            80_000,
            80_000,
            1024,
            1 << 20,
            10,
            20,
            80_000,
            java.time.Duration.ofMinutes(1),
            java.time.Duration.ofDays(1),
            java.time.Duration.ofSeconds(1),
            512 * 1024);
    TaskSpec a = TaskSpec.builder().name("a").image("i").run("r").var("a").build();
    Map<String, String> env = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 8; i++) {
      env.put("X" + i, "{{ tasks.a }}");
    }
    TaskSpec b = TaskSpec.builder().name("b").image("i").run("r").env(env).build();
    State s = submit(job(a, b), tight);
    s = on(s, new TaskCompleted("j1", "task-1", "z".repeat(75_000), T0), tight);
    assertThat(s.job().error())
        .isEqualTo(
            "the task's rendered size is at least 525000 bytes, over the limit of 524288"
                + " (--max-record-size)");
  }

  @Test
  void aRestartedJobReservesItsChildrenAnew() {
    TaskSpec each =
        TaskSpec.builder()
            .name("e")
            .each(new EachSpec("{{ sequence(0, 8) }}", null, 0, task("c")))
            .build();
    State s = submit(job(each), SMALL);
    assertThat(s.job().childTasks()).isEqualTo(8);
    Task child = s.tasks().values().stream().filter(t -> t.isChild()).findFirst().orElseThrow();
    s = on(s, new TaskFailed("j1", child.id(), "boom", T0), SMALL);
    assertThat(s.job().state()).isEqualTo(JobState.FAILED);
    s =
        s.apply(
            Decisions.onCommand(
                s.job(), s.lookup(), new io.tork.model.RestartJob("j1", T0), T0, ids, SMALL));
    // 8 more children: 16 in all, over the limit of 10, but a restart is a new run
    assertThat(s.job().state()).isEqualTo(JobState.RUNNING);
    assertThat(s.job().childTasks()).isEqualTo(8);
  }
}
