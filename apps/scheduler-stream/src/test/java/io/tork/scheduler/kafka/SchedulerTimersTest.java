package io.tork.scheduler.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.CancelJob;
import io.tork.model.CancelTask;
import io.tork.model.Job;
import io.tork.model.JobCommand;
import io.tork.model.JobState;
import io.tork.model.Task;
import io.tork.model.TaskEvent;
import io.tork.model.TaskFailed;
import io.tork.model.TaskStarted;
import io.tork.model.TaskState;
import io.tork.model.Topics;
import io.tork.model.kafka.JsonSerde;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timers on the production topology: the wall clock moves, the punctuator fires them. */
class SchedulerTimersTest {
  private static final String JOB_ID = "0123456789abcdef0123456789abcdef";
  private static final String FLAKY =
      """
      name: flaky
      tasks:
      - name: try
        image: alpine:3.18.3
        run: exit 1
        retry: {limit: 2, initialDelay: 5s, scalingFactor: 3}
      """;
  private static final String TIMED =
      """
      name: timed
      timeout: 1m
      tasks:
      - name: sleep
        image: alpine:3.18.3
        run: sleep 600
      - name: never
        image: alpine:3.18.3
        run: echo never
      """;

  @TempDir Path stateDir;
  private final Topics topics = Topics.DEFAULT;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private SchedulerDriver scheduler;
  private TopologyTestDriver driver;
  private TestInputTopic<String, TaskEvent> events;
  private TestOutputTopic<String, Task> queue;
  private TestOutputTopic<String, Task> taskViews;
  private TestOutputTopic<String, Job> jobViews;

  @BeforeEach
  void start() {
    scheduler = SchedulerDriver.start(stateDir, o -> o.clock = clock);
    driver = scheduler.driver;
    events = scheduler.events;
    queue = scheduler.queue("default");
    taskViews = scheduler.taskViews;
    jobViews = scheduler.jobViews;
  }

  @AfterEach
  void stop() {
    scheduler.close();
  }

  private void submit(String document) {
    scheduler.submit(JOB_ID, document, null);
  }

  /** Moves the scheduler's clock and the driver's wall clock together. */
  private void advance(Duration by) {
    clock.advance(by);
    driver.advanceWallClockTime(by);
  }

  private void fail(Task task) {
    events.pipeInput(JOB_ID, new TaskFailed(JOB_ID, task.id(), "exit code 1", clock.instant()));
  }

  private Map<String, Task> views() {
    return taskViews.readKeyValuesToMap();
  }

  @Test
  void aRetryWaitsItsDelayVisiblyThenGoesToItsQueueEachWaitLonger() {
    submit(FLAKY);
    Task first = queue.readValue();
    Instant failedAt = clock.instant();
    fail(first);
    Task waiting =
        views().values().stream().filter(t -> t.attempt() == 2).findFirst().orElseThrow();
    assertThat(waiting.state()).isEqualTo(TaskState.PENDING);
    assertThat(waiting.dueAt()).isEqualTo(failedAt.plusSeconds(5));
    assertThat(queue.isEmpty()).isTrue();

    advance(Duration.ofMillis(4800));
    assertThat(queue.isEmpty()).isTrue();
    advance(Duration.ofMillis(200));
    Task second = queue.readValue();
    assertThat(second.id()).isEqualTo(waiting.id());
    assertThat(second.state()).isEqualTo(TaskState.SCHEDULED);
    assertThat(second.scheduledAt()).isEqualTo(failedAt.plusSeconds(5));

    fail(second);
    Task third = views().values().stream().filter(t -> t.attempt() == 3).findFirst().orElseThrow();
    assertThat(third.dueAt()).isEqualTo(clock.instant().plusSeconds(15));
    advance(Duration.ofSeconds(14));
    assertThat(queue.isEmpty()).isTrue();
    advance(Duration.ofSeconds(1));
    assertThat(queue.readValue().id()).isEqualTo(third.id());
  }

  @Test
  void aCancelDuringTheWaitEndsTheJobAtOnceAndNothingIsDispatchedLater() {
    submit(FLAKY);
    fail(queue.readValue());
    driver
        .createInputTopic(
            topics.jobCommands(),
            new StringSerializer(),
            JsonSerde.of(JobCommand.class).serializer())
        .pipeInput(JOB_ID, new CancelJob(JOB_ID, clock.instant()));
    assertThat(jobViews.readValuesToList().getLast().state()).isEqualTo(JobState.CANCELLED);
    assertThat(views().values()).allMatch(t -> t.state().isTerminal());
    advance(Duration.ofSeconds(10));
    assertThat(queue.isEmpty()).isTrue();
  }

  @Test
  void aJobPastItsTimeoutFailsItsRunningTaskIsStoppedAndNothingMoreStarts() {
    submit(TIMED);
    Task sleeping = queue.readValue();
    events.pipeInput(JOB_ID, new TaskStarted(JOB_ID, sleeping.id(), "node-1", clock.instant()));
    advance(Duration.ofSeconds(59));
    assertThat(jobViews.readValuesToList().getLast().state()).isEqualTo(JobState.RUNNING);
    advance(Duration.ofSeconds(1));
    Job failed = jobViews.readValuesToList().getLast();
    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    assertThat(failed.error()).isEqualTo("job timed out after 1m");
    var stops = scheduler.output(topics.workerCommands(), CancelTask.class);
    var stop = stops.readKeyValue();
    assertThat(stop.key).isEqualTo("node-1");
    assertThat(stop.value.taskId()).isEqualTo(sleeping.id());
    assertThat(views().get(sleeping.id()).state()).isEqualTo(TaskState.CANCELLED);
    assertThat(queue.isEmpty()).isTrue();
  }
}
