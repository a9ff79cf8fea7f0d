package io.tork.scheduler.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.Job;
import io.tork.model.JobCommand;
import io.tork.model.JobState;
import io.tork.model.Limits;
import io.tork.model.PlanChildren;
import io.tork.model.Task;
import io.tork.model.TaskCompleted;
import io.tork.model.TaskState;
import io.tork.model.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No input stops the production topology: whatever goes wrong with one record (a record too large
 * despite the checks, an exception, an {@link Error}, a record no one can read, a record that
 * failed while it was written) fails that record's job with the reason, visibly, and the next job
 * runs. Large composites go through it a chunk per decision.
 */
class SchedulerIncidentsTest {
  private static final String BAD = "0123456789abcdef0123456789abcdef";
  private static final String GOOD = "fedcba9876543210fedcba9876543210";

  @TempDir Path stateDir;
  private final Topics topics = Topics.DEFAULT;
  private final Incidents incidents = new Incidents();
  private SchedulerDriver scheduler;
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> rawEvents;
  private TestInputTopic<String, io.tork.model.TaskEvent> events;
  private TestOutputTopic<String, Job> jobViews;

  private void start(Limits limits, QueueTopics queueTopics) {
    scheduler =
        SchedulerDriver.start(
            stateDir,
            o -> {
              o.limits = limits;
              o.queueTopics = queueTopics;
              o.incidents = incidents;
            });
    driver = scheduler.driver;
    events = scheduler.events;
    jobViews = scheduler.jobViews;
    rawEvents =
        driver.createInputTopic(
            topics.taskEvents(), new StringSerializer(), new ByteArraySerializer());
  }

  @AfterEach
  void stop() {
    if (scheduler != null) {
      scheduler.close();
    }
  }

  private void submit(String id, String yaml) {
    scheduler.submit(id, yaml, "text/yaml");
  }

  private Map<String, Job> views() {
    return jobViews.readKeyValuesToMap();
  }

  private TestOutputTopic<String, Task> queue(String name) {
    return scheduler.queue(name);
  }

  private static String hello(String queue) {
    return "name: j\ntasks: [{name: t, image: i, run: r, queue: " + queue + "}]\n";
  }

  @Test
  void aRecordOverTheLimitDespiteTheChecksFailsItsJobAndTheNextJobRuns() throws Exception {
    start(LimitsFixture.smallRecords(), QueueTopics.ASSUME_PRESENT);
    // A document within the body limit whose record is not: the script is literal (no template
    // limit applies to it) and every '"' in it takes two bytes in JSON.
    submit(BAD, "name: big\ntasks: [{name: t, image: i, run: '" + "\"".repeat(700_000) + "'}]\n");
    submit(GOOD, hello("default"));
    Map<String, Job> views = views();
    Job bad = views.get(BAD);
    assertThat(bad.state()).isEqualTo(JobState.FAILED);
    assertThat(bad.error())
        .matches(
            "the task record .* is \\d+ bytes, over the limit of 1048576 \\(--max-record-size\\)");
    assertThat(bad.tasks()).as("abandoned: even its failed record was too large").isEmpty();
    assertThat(views.get(GOOD).state()).isEqualTo(JobState.SCHEDULED);
    assertThat(queue("default").readValuesToList()).extracting(Task::jobId).containsExactly(GOOD);
  }

  @Test
  void anExceptionWhileDecidingFailsTheJobWithTheReason() throws Exception {
    start(
        Limits.DEFAULTS,
        name -> {
          if (name.equals("explode")) {
            throw new IllegalStateException("cannot create the topic");
          }
          return true;
        });
    submit(BAD, hello("explode"));
    submit(GOOD, hello("default"));
    Map<String, Job> views = views();
    assertThat(views.get(BAD).state()).isEqualTo(JobState.FAILED);
    assertThat(views.get(BAD).error())
        .isEqualTo(
            "the scheduler could not process the job's document: IllegalStateException: cannot"
                + " create the topic");
    assertThat(views.get(GOOD).state()).isEqualTo(JobState.SCHEDULED);
  }

  @Test
  void anErrorWhileDecidingFailsTheJobToo() throws Exception {
    start(
        Limits.DEFAULTS,
        name -> {
          if (name.equals("deep")) {
            throw new StackOverflowError();
          }
          return true;
        });
    submit(BAD, hello("deep"));
    submit(GOOD, hello("default"));
    Map<String, Job> views = views();
    assertThat(views.get(BAD).error()).endsWith("StackOverflowError");
    assertThat(views.get(GOOD).state()).isEqualTo(JobState.SCHEDULED);
  }

  @Test
  void aRecordNoOneCanReadIsSkipped() throws Exception {
    start(Limits.DEFAULTS, QueueTopics.ASSUME_PRESENT);
    submit(GOOD, hello("default"));
    Task task = queue("default").readValue();
    rawEvents.pipeInput(GOOD, "{not json".getBytes(StandardCharsets.UTF_8));
    rawEvents.pipeInput(GOOD, "{\"type\":\"exploded\"}".getBytes(StandardCharsets.UTF_8));
    events.pipeInput(GOOD, new TaskCompleted(GOOD, task.id(), "ok", java.time.Instant.now()));
    assertThat(views().get(GOOD).state()).isEqualTo(JobState.COMPLETED);
  }

  @Test
  void aRecordThatFailedWhileWrittenFailsItsJobWhenItComesAgain() throws Exception {
    start(Limits.DEFAULTS, QueueTopics.ASSUME_PRESENT);
    // What the production handler records when Kafka refuses a record of this input as too large.
    incidents.poison(topics.jobs() + "/0/0", "a record of 2000000 bytes was refused as too large");
    submit(BAD, hello("default"));
    Job bad = views().get(BAD);
    assertThat(bad.state()).isEqualTo(JobState.FAILED);
    assertThat(bad.error()).isEqualTo("a record of 2000000 bytes was refused as too large");
    assertThat(queue("default").isEmpty()).isTrue();
    submit(GOOD, hello("default"));
    assertThat(views().get(GOOD).state()).isEqualTo(JobState.SCHEDULED);
  }

  @Test
  void aLargeEachIsPlannedAChunkPerDecisionThroughTheTopics() throws Exception {
    start(Limits.DEFAULTS, QueueTopics.ASSUME_PRESENT);
    TestOutputTopic<String, JobCommand> commands =
        scheduler.output(topics.jobCommands(), JobCommand.class);
    submit(
        GOOD,
        """
        name: many
        tasks:
        - name: e
          each: {list: "{{ sequence(0, 2000) }}", task: {name: "c{{ item.value }}", image: i}}
        """);
    List<Task> dispatched = queue("default").readValuesToList();
    assertThat(dispatched).hasSize(2000);
    assertThat(dispatched).extracting(Task::index).isSorted();
    List<JobCommand> sent = commands.readValuesToList();
    assertThat(sent).hasSize(3).allMatch(c -> c instanceof PlanChildren);
    TestOutputTopic<String, Task> taskViews = scheduler.output(topics.taskViews(), Task.class);
    Task parent =
        taskViews.readValuesToList().stream()
            .filter(t -> t.name().equals("e"))
            .reduce((a, b) -> b)
            .orElseThrow();
    assertThat(parent.state()).isEqualTo(TaskState.RUNNING);
    assertThat(parent.planned()).isEqualTo(2000);
    var items = driver.<String, byte[]>getKeyValueStore(StoreNames.ITEMS);
    try (var all = items.all()) {
      assertThat(all.hasNext()).as("the kept list is dropped once planned").isFalse();
    }
  }
}
