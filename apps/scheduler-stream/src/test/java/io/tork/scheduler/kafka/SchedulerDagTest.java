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
import io.tork.model.kafka.JsonSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
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
  private TopologyTestDriver driver;
  private TestInputTopic<String, TaskEvent> events;
  private TestOutputTopic<String, Task> queue;
  private TestOutputTopic<String, Job> jobViews;

  @BeforeEach
  void start() throws Exception {
    Properties props =
        SchedulerApp.properties(
            SchedulerSettings.standalone("dummy:9092", Files.createDirectories(stateDir)));
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "scheduler-dag-test");
    AtomicInteger ids = new AtomicInteger();
    driver =
        new TopologyTestDriver(
            SchedulerTopology.build(
                topics,
                queue -> {},
                Clock.systemUTC(),
                () -> String.format("%032d", ids.incrementAndGet()),
                Duration.ofSeconds(15)),
            props);
    events =
        driver.createInputTopic(
            topics.taskEvents(),
            new StringSerializer(),
            JsonSerde.of(TaskEvent.class).serializer());
    queue =
        driver.createOutputTopic(
            topics.queue("default"),
            new StringDeserializer(),
            JsonSerde.of(Task.class).deserializer());
    jobViews =
        driver.createOutputTopic(
            topics.jobViews(), new StringDeserializer(), JsonSerde.of(Job.class).deserializer());
    var headers = new RecordHeaders().add("content-type", "text/yaml".getBytes());
    driver
        .createInputTopic(topics.jobs(), new StringSerializer(), new ByteArraySerializer())
        .pipeInput(
            new TestRecord<>(
                JOB_ID, DIAMOND.getBytes(StandardCharsets.UTF_8), headers, Instant.now()));
  }

  @AfterEach
  void stop() {
    driver.close();
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
    var workerCommands =
        driver.createOutputTopic(
            topics.workerCommands(),
            new StringDeserializer(),
            JsonSerde.of(CancelTask.class).deserializer());
    var taskViews =
        driver.createOutputTopic(
            topics.taskViews(), new StringDeserializer(), JsonSerde.of(Task.class).deserializer());
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
