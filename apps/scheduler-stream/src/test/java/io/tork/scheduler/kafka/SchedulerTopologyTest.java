package io.tork.scheduler.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tork.kafka.Submissions;
import io.tork.model.Access;
import io.tork.model.Job;
import io.tork.model.JobState;
import io.tork.model.Permission;
import io.tork.model.Task;
import io.tork.model.TaskCompleted;
import io.tork.model.TaskEvent;
import io.tork.model.TaskStarted;
import io.tork.model.Topics;
import io.tork.model.codec.JobDocuments;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulerTopologyTest {
  private static final String JOB_ID = "0123456789abcdef0123456789abcdef";
  private static final String HELLO =
      """
      name: hello job
      tasks:
      - name: say hello
        image: ubuntu:mantic
        run: echo -n hello world
      - name: say goodbye
        image: ubuntu:mantic
        queue: transcoding
        run: echo -n bye world
      """;

  @TempDir Path stateDir;
  private final Topics topics = Topics.DEFAULT;
  private final List<String> ensuredQueues = new ArrayList<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private SchedulerDriver scheduler;
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> jobs;
  private TestInputTopic<String, TaskEvent> events;
  private TestOutputTopic<String, Job> jobViews;
  private TestOutputTopic<String, Task> taskViews;

  @BeforeEach
  void start() {
    scheduler =
        SchedulerDriver.start(
            stateDir,
            o -> {
              o.queueTopics = ensuredQueues::add;
              o.clock = clock;
              o.meters = new SchedulerMeters(meters);
            });
    driver = scheduler.driver;
    jobs = scheduler.jobs;
    events = scheduler.events;
    jobViews = scheduler.jobViews;
    taskViews = scheduler.taskViews;
  }

  @AfterEach
  void stop() {
    scheduler.close();
  }

  private void submit(String key, String document, String contentType) {
    scheduler.submit(key, document, contentType);
  }

  private Job lastJobView() {
    return jobViews.readValuesToList().getLast();
  }

  @Test
  void aTaskGoesToItsPriorityBandsTopic() {
    submit(
        JOB_ID,
        """
        name: bands
        defaults: {priority: 7}
        tasks:
        - {name: urgent, image: i, run: r}
        """,
        "text/yaml");
    var band = scheduler.output(topics.queue("default", 7), Task.class);
    assertThat(topics.queue("default", 7)).isEqualTo("tork.queue-p5.default");
    Task urgent = band.readValue();
    assertThat(urgent.spec().priority()).isEqualTo(7);
  }

  @Test
  void runsTheHelloJobTaskAfterTaskThroughItsQueues() {
    submit(JOB_ID, HELLO, "text/yaml");
    var firstQueue = scheduler.queue("default");
    Task first = firstQueue.readValue();
    assertThat(first.name()).isEqualTo("say hello");
    assertThat(lastJobView().state()).isEqualTo(JobState.SCHEDULED);

    events.pipeInput(JOB_ID, new TaskStarted(JOB_ID, first.id(), "node-1", Instant.now()));
    events.pipeInput(JOB_ID, new TaskCompleted(JOB_ID, first.id(), "hello world", Instant.now()));
    var secondQueue = scheduler.queue("transcoding");
    Task second = secondQueue.readValue();
    assertThat(second.name()).isEqualTo("say goodbye");
    assertThat(ensuredQueues).containsExactly("default", "transcoding");

    events.pipeInput(JOB_ID, new TaskStarted(JOB_ID, second.id(), "node-1", Instant.now()));
    events.pipeInput(JOB_ID, new TaskCompleted(JOB_ID, second.id(), "bye world", Instant.now()));
    Job done = lastJobView();
    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    var views = taskViews.readKeyValuesToMap();
    assertThat(views.get(first.id()).result()).isEqualTo("hello world");
    assertThat(views.get(second.id()).result()).isEqualTo("bye world");
  }

  @Test
  void everyStateAJobOrATaskReachesIsCountedOnceByQueue() {
    submit(JOB_ID, HELLO, "text/yaml");
    Task first = scheduler.queue("default").readValue();
    events.pipeInput(JOB_ID, new TaskStarted(JOB_ID, first.id(), "node-1", Instant.now()));
    events.pipeInput(JOB_ID, new TaskCompleted(JOB_ID, first.id(), "hello", Instant.now()));
    // A duplicate event decides nothing, and counts nothing.
    events.pipeInput(JOB_ID, new TaskCompleted(JOB_ID, first.id(), "hello", Instant.now()));
    assertThat(count("tork.jobs", "SCHEDULED")).isEqualTo(1);
    assertThat(count("tork.jobs", "RUNNING")).isEqualTo(1);
    assertThat(count("tork.jobs", "COMPLETED")).isZero();
    for (String state : List.of("SCHEDULED", "RUNNING", "COMPLETED")) {
      assertThat(tasks("default", state)).as(state).isEqualTo(1);
    }
    assertThat(tasks("transcoding", "SCHEDULED")).isEqualTo(1);
  }

  private double count(String name, String state) {
    return meters.get(name).tag("state", state).counter().count();
  }

  private double tasks(String queue, String state) {
    return meters.get("tork.tasks").tags("queue", queue, "state", state).counter().count();
  }

  @Test
  void anInvalidDocumentBecomesAFailedJobWithTheReason() {
    submit(JOB_ID, "name: broken\ntasks: []\n", "text/yaml");
    Job job = lastJobView();
    assertThat(job.id()).isEqualTo(JOB_ID);
    assertThat(job.name()).isEqualTo("broken");
    assertThat(job.state()).isEqualTo(JobState.FAILED);
    assertThat(job.error()).isEqualTo("tasks: must contain at least one task");
  }

  @Test
  void aJobIsWhoeverTheCreatedByHeaderNamesAndItsSubJobsInheritOwnerAndPermissions() {
    var headers = new RecordHeaders();
    headers.add("content-type", "text/yaml".getBytes(StandardCharsets.UTF_8));
    headers.add(Access.CREATED_BY_HEADER, "alice".getBytes(StandardCharsets.UTF_8));
    jobs.pipeInput(
        new TestRecord<>(
            JOB_ID,
            """
            name: parent
            permissions: [{role: ops}]
            tasks:
            - name: child
              subjob:
                name: the child
                tasks: [{name: inner, image: i, run: r}]
            """
                .getBytes(StandardCharsets.UTF_8),
            headers,
            Instant.now()));
    List<Job> views = jobViews.readValuesToList();
    Job parent = views.stream().filter(j -> j.id().equals(JOB_ID)).reduce((a, b) -> b).get();
    assertThat(parent.createdBy()).isEqualTo("alice");
    assertThat(parent.permissions()).containsExactly(Permission.role("ops"));
    Job child = views.stream().filter(Job::isSubJob).reduce((a, b) -> b).orElseThrow();
    assertThat(child.createdBy()).isEqualTo("alice");
    assertThat(child.permissions()).containsExactly(Permission.role("ops"));
  }

  @Test
  void aDocumentWithoutTheCreatedByHeaderIsTheGuests() {
    submit(JOB_ID, HELLO, "text/yaml");
    assertThat(lastJobView().createdBy()).isEqualTo(Access.GUEST);
  }

  @Test
  void aKeylessDocumentIsGivenAnIdAndRunsUnderIt() {
    submit(null, "{\"name\":\"keyless\",\"tasks\":[{\"name\":\"t\",\"image\":\"i\"}]}", null);
    // The re-keyed record goes back to the jobs topic; the test driver pipes it through too.
    Job job = lastJobView();
    assertThat(job.id()).matches("[0-9a-f]{32}");
    assertThat(job.name()).isEqualTo("keyless");
    assertThat(job.state()).isEqualTo(JobState.SCHEDULED);
  }

  @Test
  void aJobTheGatewayValidatedRunsWithoutBeingParsedAgain() {
    Job accepted =
        Job.pending(
            JOB_ID,
            JobDocuments.parse(HELLO.getBytes(StandardCharsets.UTF_8), "text/yaml"),
            Instant.parse("2026-01-01T00:00:00Z"),
            "alice");
    long read = JobDocuments.documentsRead();
    jobs.pipeInput(
        new TestRecord<>(
            JOB_ID,
            Submissions.engineJob(accepted),
            Submissions.headers(JobDocuments.ENGINE_JOB, "alice"),
            Instant.now()));
    Job job = lastJobView();
    assertThat(job.state()).isEqualTo(JobState.SCHEDULED);
    assertThat(job.createdBy()).isEqualTo("alice");
    assertThat(JobDocuments.documentsRead()).isEqualTo(read);
  }

  @Test
  void aKeylessDocumentIsValidatedOnceAndItsCopyIsTheEnginesForm() {
    long read = JobDocuments.documentsRead();
    submit(null, HELLO, "text/yaml");
    assertThat(lastJobView().state()).isEqualTo(JobState.SCHEDULED);
    assertThat(JobDocuments.documentsRead() - read).isOne(); // by the router, not again
  }

  @Test
  void anEventForAnUnknownTaskChangesNothing() {
    events.pipeInput(JOB_ID, new TaskStarted(JOB_ID, "nope", "node-1", Instant.now()));
    assertThat(jobViews.isEmpty()).isTrue();
    assertThat(taskViews.isEmpty()).isTrue();
  }

  @Test
  void cancelMarksTheJobAndTellsTheNodeRunningTheTask() {
    submit(JOB_ID, HELLO, "text/yaml");
    var queue = scheduler.queue("default");
    Task first = queue.readValue();
    events.pipeInput(JOB_ID, new TaskStarted(JOB_ID, first.id(), "node-1", Instant.now()));
    var commands = scheduler.input(topics.jobCommands(), io.tork.model.JobCommand.class);
    commands.pipeInput(JOB_ID, new io.tork.model.CancelJob(JOB_ID, Instant.now()));
    assertThat(lastJobView().state()).isEqualTo(JobState.CANCELLED);
    var workerCommands = scheduler.output(topics.workerCommands(), io.tork.model.CancelTask.class);
    var sent = workerCommands.readKeyValue();
    assertThat(sent.key).isEqualTo("node-1");
    assertThat(sent.value.taskId()).isEqualTo(first.id());
    assertThat(taskViews.readKeyValuesToMap().get(first.id()).state())
        .isEqualTo(io.tork.model.TaskState.CANCELLED);
  }

  private TestInputTopic<String, io.tork.model.JobCommand> commands() {
    return scheduler.input(topics.jobCommands(), io.tork.model.JobCommand.class);
  }

  private TestOutputTopic<String, Task> queue(String name) {
    return scheduler.queue(name);
  }

  @Test
  void aDeleteRemovesAnEndedJobWithItsRecordsAndLogsAndIsIgnoredWhileItRuns() {
    submit(JOB_ID, HELLO, "text/yaml");
    Task first = queue("default").readValue();
    var logs =
        driver.createOutputTopic(
            topics.logs(),
            new org.apache.kafka.common.serialization.StringDeserializer(),
            new org.apache.kafka.common.serialization.StringDeserializer());
    commands().pipeInput(JOB_ID, new io.tork.model.DeleteJob(JOB_ID, Instant.now()));
    assertThat(jobViews.readValuesToList()).doesNotContainNull();
    assertThat(logs.isEmpty()).isTrue();

    events.pipeInput(JOB_ID, new TaskCompleted(JOB_ID, first.id(), "hello", Instant.now()));
    Task second = queue("transcoding").readValue();
    events.pipeInput(JOB_ID, new TaskCompleted(JOB_ID, second.id(), "bye", Instant.now()));
    assertThat(lastJobView().state()).isEqualTo(JobState.COMPLETED);
    taskViews.readKeyValuesToList();

    commands().pipeInput(JOB_ID, new io.tork.model.DeleteJob(JOB_ID, Instant.now()));
    var jobTombstone = jobViews.readKeyValue();
    assertThat(jobTombstone.key).isEqualTo(JOB_ID);
    assertThat(jobTombstone.value).isNull();
    var removed = taskViews.readKeyValuesToList();
    assertThat(removed).extracting(kv -> kv.key).containsExactlyInAnyOrder(first.id(), second.id());
    assertThat(removed).extracting(kv -> kv.value).containsOnlyNulls();
    var logTombstone = logs.readKeyValue();
    assertThat(logTombstone.key).isEqualTo(JOB_ID);
    assertThat(logTombstone.value).isNull();
    // Gone from the stores: a late event and a second delete find nothing.
    events.pipeInput(JOB_ID, new TaskStarted(JOB_ID, first.id(), "node-1", Instant.now()));
    commands().pipeInput(JOB_ID, new io.tork.model.DeleteJob(JOB_ID, Instant.now()));
    assertThat(jobViews.isEmpty()).isTrue();
    assertThat(taskViews.isEmpty()).isTrue();
  }

  @Test
  void aDeletedQueueFailsTheTasksWaitingOnItAndTheirJob() {
    submit(JOB_ID, HELLO, "text/yaml");
    Task first = queue("default").readValue();
    commands()
        .pipeInput(JOB_ID, new io.tork.model.FailQueued(JOB_ID, "transcoding", Instant.now()));
    assertThat(lastJobView().state()).isEqualTo(JobState.SCHEDULED);

    commands().pipeInput(JOB_ID, new io.tork.model.FailQueued(JOB_ID, "default", Instant.now()));
    Job failed = lastJobView();
    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    assertThat(failed.error()).isEqualTo("queue deleted");
    Task record = taskViews.readKeyValuesToMap().get(first.id());
    assertThat(record.state()).isEqualTo(io.tork.model.TaskState.FAILED);
    assertThat(record.error()).isEqualTo("queue deleted");
  }

  @Test
  void aTaskOnANodeThatStopsHeartbeatingRunsAgainAndTheNodeIsToldToStop() {
    var heartbeats = scheduler.input(topics.heartbeats(), io.tork.model.Heartbeat.class);
    heartbeats.pipeInput("node-1", heartbeat("node-1", clock.instant()));
    submit(JOB_ID, HELLO, "text/yaml");
    var queue = scheduler.queue("default");
    Task first = queue.readValue();
    events.pipeInput(JOB_ID, new TaskStarted(JOB_ID, first.id(), "node-1", clock.instant()));

    // Within the expiry nothing happens, with or without fresh heartbeats.
    clock.advance(Duration.ofSeconds(10));
    driver.advanceWallClockTime(Duration.ofSeconds(10));
    assertThat(queue.isEmpty()).isTrue();

    // Everyone silent (the heartbeats topic stalled): nobody is declared dead for it.
    clock.advance(Duration.ofSeconds(10));
    driver.advanceWallClockTime(Duration.ofSeconds(10));
    assertThat(queue.isEmpty()).isTrue();

    // Another node's heartbeat shows the topic flows: node-1 alone is silent, so it is dead.
    heartbeats.pipeInput("scheduler-1", heartbeat("scheduler-1", clock.instant()));
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    Task again = queue.readValue();
    assertThat(again.name()).isEqualTo("say hello");
    assertThat(again.id()).isNotEqualTo(first.id());
    assertThat(again.attempt()).isEqualTo(2);
    assertThat(again.recoveries()).isEqualTo(1);
    var workerCommands = scheduler.output(topics.workerCommands(), io.tork.model.CancelTask.class);
    assertThat(workerCommands.readKeyValue().value.taskId()).isEqualTo(first.id());

    // The slow node's late completion of the old attempt changes nothing.
    events.pipeInput(JOB_ID, new TaskCompleted(JOB_ID, first.id(), "late", clock.instant()));
    assertThat(queue.isEmpty()).isTrue();
    // A live node keeps its tasks.
    heartbeats.pipeInput("node-2", heartbeat("node-2", clock.instant()));
    events.pipeInput(JOB_ID, new TaskStarted(JOB_ID, again.id(), "node-2", clock.instant()));
    clock.advance(Duration.ofSeconds(5));
    driver.advanceWallClockTime(Duration.ofSeconds(5));
    assertThat(queue.isEmpty()).isTrue();
    events.pipeInput(JOB_ID, new TaskCompleted(JOB_ID, again.id(), "ok", clock.instant()));
    assertThat(queue.isEmpty()).isTrue();
    Task second = scheduler.queue("transcoding").readValue();
    assertThat(second.name()).isEqualTo("say goodbye");
  }

  private static io.tork.model.Heartbeat heartbeat(String node, Instant at) {
    return new io.tork.model.Heartbeat(
        node, "worker", "host", java.util.Map.of("default", 1), 0, 0, 0, "test", at, at);
  }
}
