package io.tork.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.gateway.core.JobSnapshot;
import io.tork.model.Job;
import io.tork.model.JobSpec;
import io.tork.model.JobState;
import io.tork.model.Task;
import io.tork.model.TaskLogPart;
import io.tork.model.TaskSpec;
import io.tork.model.Topics;
import io.tork.model.codec.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The view's writes and reads on a real store: records in, answers out, with no broker (the records
 * are what the topics carry). Each batch is committed as the consumer commits one poll.
 */
class ViewWriterTest {
  private static final Topics TOPICS = Topics.DEFAULT;
  private static final String JOB = "a".repeat(32);
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  @TempDir Path dir;
  private final AtomicReference<Instant> now = new AtomicReference<>(T0);
  private final Clock clock =
      new Clock() {
        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };
  private ViewStore store;
  private ViewWriter writer;
  private ViewRetention retention;
  private Projections projections;
  private final ViewEvents events = new ViewEvents();
  private long offset;

  @BeforeEach
  void open() {
    store = ViewStore.open(dir, ViewStore.Memory.DEFAULT);
    retention = new ViewRetention(Duration.ofDays(30), Duration.ofDays(7), clock);
    projections = Projections.over(store, retention, clock);
    writer = new ViewWriter(TOPICS, projections);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void apply(String topic, String key, byte[] value) {
    ConsumerRecord<String, byte[]> record =
        new ConsumerRecord<>(
            topic,
            0,
            offset++,
            now.get().toEpochMilli(),
            TimestampType.CREATE_TIME,
            0,
            0,
            key,
            value,
            new RecordHeaders(),
            java.util.Optional.empty());
    try (ViewBatch batch = store.batch()) {
      ViewEvents.Pending pending = events.pending();
      writer.apply(batch, record, pending);
      batch.commit();
      pending.run();
    }
  }

  private static Job job(JobState state) {
    Job pending =
        Job.pending(
            JOB,
            new JobSpec("nightly", "copies things", Map.of(), List.of(TaskSpec.of("t", "i", "r"))),
            T0);
    return pending.withState(state);
  }

  private static Task task(int seq, TaskSpec spec) {
    return Task.scheduled(id(seq), JOB, seq, 1, 1, spec, "default", T0);
  }

  private static String id(int seq) {
    return String.format("%032d", seq);
  }

  private void view(Job job) {
    apply(TOPICS.jobViews(), job.id(), Json.write(job));
  }

  private void view(Task task) {
    apply(TOPICS.taskViews(), task.id(), Json.write(task));
  }

  @Test
  void aSubmissionIsPendingUntilTheSchedulersRecordReplacesIt() {
    apply(
        TOPICS.jobs(),
        JOB,
        "name: nightly\ntasks: [{name: t, image: i, run: r}]\n".getBytes(StandardCharsets.UTF_8));
    assertThat(projections.jobs().job(JOB))
        .hasValueSatisfying(j -> assertThat(j.state()).isEqualTo(JobState.PENDING));
    assertThat(projections.jobs().list("pending", 1, 10).totalItems()).isEqualTo(1);

    view(job(JobState.RUNNING));
    apply(
        TOPICS.jobs(),
        JOB,
        "name: other\ntasks: [{name: t, image: i, run: r}]\n".getBytes(StandardCharsets.UTF_8));
    assertThat(projections.jobs().job(JOB))
        .hasValueSatisfying(j -> assertThat(j.state()).isEqualTo(JobState.RUNNING));
    assertThat(projections.jobs().list("pending", 1, 10).totalItems()).isZero();
    assertThat(projections.jobs().list("running", 1, 10).totalItems()).isEqualTo(1);
    assertThat(projections.jobs().list("", 1, 10).items())
        .extracting(Job::name)
        .containsExactly("nightly");
  }

  @Test
  void aJobShowsItsFirstRecordsAndPagesTheRestInCreationOrder() {
    view(job(JobState.RUNNING));
    TaskSpec spec = TaskSpec.builder().name("child").image("i").run("r").build();
    for (int seq = 2_500; seq >= 1; seq--) {
      view(task(seq, spec)); // out of order: the list is by seq, not by arrival
    }
    JobSnapshot snapshot = projections.jobs().snapshot(JOB, 1_000, Long.MAX_VALUE).orElseThrow();
    assertThat(snapshot.execution()).hasSize(1_000);
    assertThat(snapshot.executionCount()).isEqualTo(2_500);
    assertThat(snapshot.execution().getFirst().seq()).isEqualTo(1);
    List<Integer> rest = new ArrayList<>();
    projections.tasks().tasks(JOB, 2_490).forEachRemaining(t -> rest.add(t.seq()));
    assertThat(rest)
        .containsExactly(2_491, 2_492, 2_493, 2_494, 2_495, 2_496, 2_497, 2_498, 2_499, 2_500);
    assertThat(projections.jobs().snapshot(JOB, 1_000, 1).orElseThrow().execution())
        .as("a byte budget stops the list, after at least one record")
        .hasSize(1);
  }

  @Test
  void theContextHoldsEachVarsLatestOutputAndEveryRecordsSecretsAreRedacted() {
    view(job(JobState.RUNNING));
    TaskSpec first =
        TaskSpec.builder()
            .name("a")
            .image("i")
            .run("r")
            .var("x")
            .env(Map.of("DB_PASSWORD", "hunter2"))
            .build();
    view(task(1, first).running("n", T0).completed("one", T0));
    view(task(3, first).running("n", T0).completed("three", T0));
    view(task(2, first).running("n", T0).completed("two", T0)); // older, read later
    JobSnapshot snapshot = projections.jobs().snapshot(JOB, 1, Long.MAX_VALUE).orElseThrow();
    assertThat(snapshot.outputs()).containsExactly(Map.entry("x", "three"));
    assertThat(snapshot.redaction().text("login hunter2")).isEqualTo("login [REDACTED]");
    assertThat(
            projections.jobs().redaction(projections.jobs().job(JOB).orElseThrow()).text("hunter2"))
        .as("the secret of a record not shown")
        .isEqualTo("[REDACTED]");
  }

  @Test
  void waitingTasksAreCountedByQueue() {
    TaskSpec spec = TaskSpec.of("t", "i", "r");
    view(task(1, spec));
    view(task(2, spec));
    assertThat(projections.tasks().waitingByQueue()).containsEntry("default", 2L);
    view(task(1, spec).running("n", T0));
    view(task(1, spec).running("n", T0)); // a duplicate changes nothing
    assertThat(projections.tasks().waitingByQueue()).containsEntry("default", 1L);
    assertThat(projections.tasks().runningTaskCount()).isEqualTo(1);
    view(task(1, spec).running("n", T0).completed("", T0));
    assertThat(projections.tasks().runningTaskCount()).isZero();
  }

  @Test
  void logPartsAreKeptOnceNewestFirstAndGoWithTheirJob() {
    view(job(JobState.RUNNING));
    view(task(1, TaskSpec.of("t", "i", "r")));
    for (int n = 1; n <= 3; n++) {
      part(n, "line " + n);
    }
    part(2, "again");
    assertThat(contents(projections.logs().taskLog(JOB, id(1), true)))
        .containsExactly("line 3", "line 2", "line 1");
    assertThat(contents(projections.logs().jobLog(JOB)))
        .containsExactly("line 3", "line 2", "line 1");

    apply(TOPICS.jobViews(), JOB, null); // the job was deleted
    assertThat(projections.jobs().job(JOB)).isEmpty();
    assertThat(projections.tasks().task(id(1))).isEmpty();
    assertThat(contents(projections.logs().taskLog(JOB, id(1), true))).isEmpty();
    assertThat(projections.jobs().list("", 1, 10).totalItems()).isZero();
    assertThat(projections.tasks().executionCount(JOB)).isZero();
    part(4, "late");
    apply(
        TOPICS.jobs(),
        JOB,
        "{\"name\":\"late\",\"tasks\":[{\"name\":\"t\",\"image\":\"i\"}]}"
            .getBytes(StandardCharsets.UTF_8));
    assertThat(projections.jobs().job(JOB))
        .as("a late submission record does not bring it back")
        .isEmpty();
    assertThat(contents(projections.logs().taskLog(JOB, id(1), true))).isEmpty();
  }

  @Test
  void endedJobsAndLogsGoOnceTheirRetentionHasPassed() {
    view(job(JobState.RUNNING));
    view(task(1, TaskSpec.of("t", "i", "r")));
    part(1, "kept a week");
    view(job(JobState.COMPLETED).toBuilder().completedAt(T0).build());

    now.set(T0.plus(Duration.ofDays(8)));
    sweep();
    assertThat(contents(projections.logs().taskLog(JOB, id(1), true))).as("logs: a week").isEmpty();
    assertThat(projections.jobs().job(JOB)).as("jobs: 30 days here").isPresent();

    now.set(T0.plus(Duration.ofDays(31)));
    sweep();
    assertThat(projections.jobs().job(JOB)).isEmpty();
    assertThat(projections.tasks().task(id(1))).isEmpty();
    assertThat(projections.jobs().list("", 1, 10).totalItems()).isZero();

    view(job(JobState.COMPLETED).toBuilder().completedAt(T0).build());
    assertThat(projections.jobs().job(JOB))
        .as("read again (a replay): expired on arrival")
        .isEmpty();
  }

  private void sweep() {
    try (ViewBatch batch = store.batch()) {
      retention.sweep(batch, writer, new ViewRetention.Cursors());
      batch.commit();
    }
  }

  private void part(int number, String contents) {
    apply(TOPICS.logs(), JOB, Json.write(new TaskLogPart(JOB, id(1), number, contents, now.get())));
  }

  private static List<String> contents(Iterator<TaskLogPart> parts) {
    List<String> out = new ArrayList<>();
    parts.forEachRemaining(p -> out.add(p.contents()));
    return out;
  }
}
