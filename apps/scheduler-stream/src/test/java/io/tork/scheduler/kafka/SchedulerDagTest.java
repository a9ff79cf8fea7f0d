package io.tork.scheduler.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.CancelTask;
import io.tork.model.Job;
import io.tork.model.JobState;
import io.tork.model.Task;
import io.tork.model.TaskCompleted;
import io.tork.model.TaskEvent;
import io.tork.model.TaskFailed;
import io.tork.model.TaskStarted;
import io.tork.model.TaskState;
import io.tork.model.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code dag} through the production topology (real serdes, the stores on disk): the kept graph
 * and the held children go through the state stores between the events.
 */
class SchedulerDagTest {
  private static final String JOB_ID = "0123456789abcdef0123456789abcdef";
  private static final String DIAMOND =
      """
      name: diamond
      output: "{{ tasks.d }}"
      tasks:
      - name: g
        dag:
          tasks:
          - {name: d, image: i, run: r, var: d, dependencies: [b, c],
             env: {B: "{{ tasks.b }}", C: "{{ tasks.c }}"}}
          - {name: a, image: i, run: r, var: a}
          - {name: b, image: i, run: r, var: b, dependencies: [a], env: {A: "{{ tasks.a }}"}}
          - {name: c, image: i, run: r, var: c, dependencies: [a], env: {A: "{{ tasks.a }}"}}
          - {name: slow, image: i, run: sleep 60}
      """;

  @TempDir Path stateDir;
  private final Topics topics = Topics.DEFAULT;
  private SchedulerDriver scheduler;
  private TestInputTopic<String, TaskEvent> events;
  private TestOutputTopic<String, Task> queue;
  private TestOutputTopic<String, Job> jobViews;

  @BeforeEach
  void start() {
    scheduler = SchedulerDriver.start(stateDir);
    events = scheduler.events;
    queue = scheduler.queue("default");
    jobViews = scheduler.jobViews;
    scheduler.submit(JOB_ID, DIAMOND, "text/yaml");
  }

  @AfterEach
  void stop() {
    scheduler.close();
  }

  private void run(Task task, String result) {
    events.pipeInput(JOB_ID, new TaskStarted(JOB_ID, task.id(), "node-1", Instant.now()));
    events.pipeInput(JOB_ID, new TaskCompleted(JOB_ID, task.id(), result, Instant.now()));
  }

  private static Task named(List<Task> tasks, String name) {
    return tasks.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void aDiamondRunsInDependencyOrderWithItsOutputsPassed() {
    List<Task> first = queue.readValuesToList();
    assertThat(first).extracting(Task::name).containsExactlyInAnyOrder("a", "slow");

    run(named(first, "a"), "from a");
    List<Task> second = queue.readValuesToList();
    assertThat(second).extracting(Task::name).containsExactlyInAnyOrder("b", "c");
    assertThat(second).allSatisfy(t -> assertThat(t.spec().env()).containsEntry("A", "from a"));

    run(named(second, "b"), "from b");
    assertThat(queue.readValuesToList()).isEmpty();
    run(named(second, "c"), "from c");
    Task d = queue.readValue();
    assertThat(d.name()).isEqualTo("d");
    assertThat(d.spec().env()).containsEntry("B", "from b").containsEntry("C", "from c");

    run(d, "from d");
    run(named(first, "slow"), "");
    Job done = jobViews.readValuesToList().getLast();
    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThat(done.result()).isEqualTo("from d");
  }

  @Test
  void aFailedChildFailsTheJobStopsItsRunningSiblingAndNothingElseStarts() {
    List<Task> first = queue.readValuesToList();
    var workerCommands = scheduler.output(topics.workerCommands(), CancelTask.class);
    var taskViews = scheduler.taskViews;
    Task slow = named(first, "slow");
    events.pipeInput(JOB_ID, new TaskStarted(JOB_ID, slow.id(), "node-2", Instant.now()));
    Task a = named(first, "a");
    events.pipeInput(JOB_ID, new TaskStarted(JOB_ID, a.id(), "node-1", Instant.now()));
    events.pipeInput(JOB_ID, new TaskFailed(JOB_ID, a.id(), "exit code 3", Instant.now()));

    Job failed = jobViews.readValuesToList().getLast();
    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    assertThat(failed.error()).isEqualTo("exit code 3");
    var stop = workerCommands.readKeyValue();
    assertThat(stop.key).isEqualTo("node-2");
    assertThat(stop.value.taskId()).isEqualTo(slow.id());
    assertThat(queue.readValuesToList()).isEmpty();
    var views = taskViews.readKeyValuesToMap().values();
    assertThat(views.stream().filter(t -> List.of("b", "c", "d").contains(t.name())))
        .hasSize(3)
        .extracting(Task::state)
        .containsOnly(TaskState.CANCELLED);
  }
}
