package io.tork.scheduler.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.kafka.Submissions;
import io.tork.model.Job;
import io.tork.model.JobSpec;
import io.tork.model.JobState;
import io.tork.model.Task;
import io.tork.model.TaskCompleted;
import io.tork.model.TaskEvent;
import io.tork.model.TaskStarted;
import io.tork.model.TaskState;
import io.tork.model.Topics;
import io.tork.model.WebhookCall;
import io.tork.model.codec.JobDocuments;
import io.tork.model.codec.Json;
import io.tork.model.codec.Sealing;
import io.tork.model.secrets.KeyRing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler evaluates templates with the secrets open in memory, and writes none of them in
 * plain text: every record of every topic it writes (its stores' changelogs included) and every
 * file of its stores is read back for them, raw (ADR 46). What needs a value (a worker, the webhook
 * dispatcher) finds it sealed in its record, and opens it.
 */
class SchedulerSecretsTest {
  private static final String TOK = "tok-" + "7c1d9e55ab";
  private static final String PW = "pw-" + "hunter2-b8f0";
  private static final String INPUT = "in-" + "4a6c21ff0e";
  private static final List<String> PLAIN = List.of(TOK, PW, INPUT);
  private static final String JOB_ID = "0123456789abcdef0123456789abcdef";
  private static final String OTHER_ID = "fedcba9876543210fedcba9876543210";
  private static final String DOCUMENT =
      """
      name: secrets everywhere
      secrets: {tok: %1$s}
      inputs: {API_SECRET: %3$s}
      webhooks:
      - url: http://hooks.invalid/job
        headers: {Authorization: "Bearer {{ secrets.tok }}"}
        event: task.StateChange
      tasks:
      - name: "n-{{ secrets.tok }}"
        image: "img-{{ secrets.tok }}"
        if: "{{ secrets.tok != '' }}"
        cmd: [echo, "{{ secrets.tok }}"]
        env: {TOKEN: "{{ secrets.tok }}", BUILT: "x-{{ secrets.tok }}-y", DB_PASSWORD: %2$s}
        var: out
        run: echo $TOKEN
      - name: each
        each:
          list: "{{ split(secrets.tok + ',' + inputs.API_SECRET, ',') }}"
          task: {name: "e-{{ item.value }}", image: i, run: r}
      - name: sub
        subjob:
          name: "child {{ secrets.tok }}"
          inputs: {given: "{{ secrets.tok }}"}
          output: "{{ tasks.c }}"
          tasks: [{name: "c-{{ inputs.given }}", image: i, var: c, run: r}]
      output: "{{ tasks.out }}"
      """
          .formatted(TOK, PW, INPUT);

  @TempDir Path stateDir;
  private final Topics topics = Topics.DEFAULT;
  private SchedulerDriver scheduler;
  private TopologyTestDriver driver;
  private TestInputTopic<String, TaskEvent> events;
  private final Map<String, List<TestRecord<byte[], byte[]>>> written = new LinkedHashMap<>();

  @BeforeEach
  void start() {
    Sealing.install(KeyRing.generate(new SecureRandom()));
    scheduler =
        SchedulerDriver.start(
            stateDir,
            o -> o.clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    driver = scheduler.driver;
    events = scheduler.events;
  }

  @AfterEach
  void stop() {
    if (scheduler != null) {
      scheduler.close();
    }
    Sealing.uninstall();
  }

  /** As the gateway submits: the validated job, in the engine's form, its secrets sealed. */
  private void submitAccepted(String id, byte[] yaml) {
    JobSpec spec = JobDocuments.parse(yaml, "text/yaml");
    Job job = Job.pending(id, spec, Instant.now().truncatedTo(ChronoUnit.MILLIS), "guest");
    submit(id, Submissions.engineJob(job), JobDocuments.ENGINE_JOB);
  }

  private void submit(String id, byte[] document, String contentType) {
    scheduler.submit(id, document, contentType);
  }

  /** Everything written so far, raw, topic by topic (each record read once). */
  private void collect() {
    for (String topic : driver.producedTopicNames()) {
      written
          .computeIfAbsent(topic, t -> new ArrayList<>())
          .addAll(
              driver
                  .createOutputTopic(
                      topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                  .readRecordsToList());
    }
  }

  /** Runs every dispatched task (as a worker that printed the secret would) until none is left. */
  private List<Task> runAll() {
    List<Task> ran = new ArrayList<>();
    Set<String> done = new HashSet<>();
    for (int round = 0; round < 20; round++) {
      collect();
      List<Task> queued =
          written.entrySet().stream()
              .filter(e -> e.getKey().startsWith(topics.queue("")))
              .flatMap(e -> e.getValue().stream())
              .map(r -> Json.read(r.value(), Task.class))
              .filter(t -> done.add(t.id()))
              .toList();
      if (queued.isEmpty()) {
        return ran;
      }
      for (Task task : queued) {
        ran.add(task);
        events.pipeInput(
            task.jobId(), new TaskStarted(task.jobId(), task.id(), "n1", Instant.now()));
        events.pipeInput(
            task.jobId(),
            new TaskCompleted(task.jobId(), task.id(), "printed " + TOK, Instant.now()));
      }
    }
    throw new AssertionError("tasks kept coming");
  }

  @Test
  void noRenderedFieldWithASecretIsEverWrittenPlain() throws IOException {
    byte[] body = DOCUMENT.getBytes(StandardCharsets.UTF_8);
    submitAccepted(JOB_ID, body); // as the gateway does
    submit(OTHER_ID, body, "text/yaml"); // a plain document, as an outside producer may
    submit(null, body, "text/yaml"); // and without a key: the copy re-keyed is sealed
    List<Task> ran = runAll();

    // Who needs a value finds it in its record: the worker, the scheduler's templates.
    Task first =
        ran.stream().filter(t -> t.jobId().equals(JOB_ID) && t.position() == 1).findFirst().get();
    assertThat(first.name()).isEqualTo("n-" + TOK);
    assertThat(first.spec().image()).isEqualTo("img-" + TOK);
    assertThat(first.spec().cmd()).containsExactly("echo", TOK);
    assertThat(first.spec().env())
        .containsEntry("TOKEN", TOK)
        .containsEntry("BUILT", "x-" + TOK + "-y")
        .containsEntry("DB_PASSWORD", PW);
    assertThat(first.spec().condition()).isEqualTo("true");
    assertThat(first.secrets()).contains(TOK, PW, INPUT);
    assertThat(ran)
        .extracting(Task::name)
        .contains("e-" + TOK, "e-" + INPUT, "c-" + TOK)
        .hasSize(12); // 3 jobs x (1 + 2 children + 1 in the sub-job)
    assertThat(ran)
        .filteredOn(t -> t.name().startsWith("c-"))
        .allSatisfy(t -> assertThat(t.secrets()).contains(TOK));

    collect();
    Job done = lastView(JOB_ID);
    assertThat(done.state()).as("%s", done.error()).isEqualTo(JobState.COMPLETED);
    assertThat(done.result()).isEqualTo("printed " + TOK);
    assertThat(lastView(OTHER_ID).state()).isEqualTo(JobState.COMPLETED);
    List<WebhookCall> calls =
        written.get(topics.webhooks()).stream()
            .map(r -> Json.read(r.value(), WebhookCall.class))
            .toList();
    assertThat(calls).isNotEmpty();
    assertThat(calls.getFirst().headers()).containsEntry("Authorization", "Bearer " + TOK);
    assertThat(calls).allSatisfy(c -> assertThat(c.payload()).doesNotContain(TOK));

    // ... and no topic holds a value plain: views, queues, events, webhooks, sub-jobs, changelogs
    assertThat(written.keySet())
        .contains(
            topics.jobViews(),
            topics.taskViews(),
            topics.queue("default"),
            topics.webhooks(),
            topics.jobs(),
            topics.taskEvents(),
            "scheduler-test-" + StoreNames.JOBS + "-changelog",
            "scheduler-test-" + StoreNames.TASKS + "-changelog",
            "scheduler-test-" + StoreNames.OUTPUTS + "-changelog");
    written.forEach(
        (topic, records) -> {
          assertThat(PLAIN).noneMatch(topic::contains);
          for (TestRecord<byte[], byte[]> r : records) {
            assertPlainFree(topic + " key", r.key());
            assertPlainFree(topic + " value", r.value());
            for (Header h : r.headers()) {
              assertPlainFree(topic + " header " + h.key(), h.value());
            }
          }
        });

    // nor any file of its stores (flushed at each commit; the driver removes them once closed)
    try (Stream<Path> files = Files.walk(stateDir)) {
      List<Path> all = files.filter(Files::isRegularFile).toList();
      assertThat(all).isNotEmpty();
      for (Path file : all) {
        assertPlainFree(file.toString(), Files.readAllBytes(file));
      }
    }
  }

  @Test
  void aRecordAnEarlierGatewayWroteStillRuns() {
    // Before ADR 57 the gateway wrote the validated spec, its secrets sealed, as JSON: a restarted
    // engine finds such records in the topic, reads them as a user's document, and runs them.
    JobSpec spec = JobDocuments.parse(DOCUMENT.getBytes(StandardCharsets.UTF_8), "text/yaml");
    byte[] former = Json.write(spec);
    assertThat(new String(former, StandardCharsets.UTF_8)).doesNotContain(TOK);
    submit(JOB_ID, former, "application/json");
    List<Task> ran = runAll();
    assertThat(ran).extracting(Task::name).contains("e-" + TOK, "c-" + TOK);
    collect();
    Job done = lastView(JOB_ID);
    assertThat(done.state()).as("%s", done.error()).isEqualTo(JobState.COMPLETED);
    assertThat(done.result()).isEqualTo("printed " + TOK);
  }

  @Test
  void aQueueOrVarMadeFromASecretFailsTheTask() {
    String document =
        """
        name: names
        secrets: {tok: %s}
        tasks:
        - {name: q, image: i, queue: "q-{{ secrets.tok }}", run: r}
        """
            .formatted(TOK);
    byte[] body = document.getBytes(StandardCharsets.UTF_8);
    submitAccepted(JOB_ID, body);
    collect();
    Job job = lastView(JOB_ID);
    assertThat(job.state()).isEqualTo(JobState.FAILED);
    assertThat(job.error()).startsWith("queue: renders a secret value");
    Task task = Json.read(written.get(topics.taskViews()).getLast().value(), Task.class);
    assertThat(task.state()).isEqualTo(TaskState.FAILED);
    assertThat(driver.producedTopicNames()).noneMatch(t -> t.contains(TOK));
  }

  private Job lastView(String id) {
    return written.get(topics.jobViews()).stream()
        .filter(r -> id.equals(new String(r.key(), StandardCharsets.UTF_8)))
        .map(r -> Json.read(r.value(), Job.class))
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  private static void assertPlainFree(String where, byte[] bytes) {
    if (bytes == null) {
      return;
    }
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    for (String plain : PLAIN) {
      assertThat(text).as("%s holds %s", where, plain).doesNotContain(plain);
    }
  }
}
