package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tork.cli.LimitOptions;
import io.tork.kafka.Health;
import io.tork.model.Limits;
import io.tork.model.Topics;
import io.tork.worker.core.Runtime;
import io.tork.worker.core.TaskOutcome;
import io.tork.worker.kafka.AcceptanceProducer;
import io.tork.worker.kafka.WorkerApp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * What a worker does with hostile output, through the whole engine (one engine for all cases, its
 * task log limit lowered to 8 MiB so that going over it is cheap): logs read to their last line in
 * contiguous parts, the rest over the limit dropped and counted, a result over its limit and a long
 * error bounded; and a worker's queue consumer that fails (its producer fenced) or meets a record
 * that is not a task starts over or goes on, losing and repeating no task.
 */
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class WorkerLimitsIT {
  private static final long MAX_TASK_LOG = 8L * 1024 * 1024;
  // 70 characters and a newline.
  private static final String LINE = "0123456789".repeat(7);

  @RegisterExtension
  static final StandaloneEngine engine =
      StandaloneEngine.docker()
          .queues(Map.of("default", 2))
          .options(o -> o.withLimits(withTaskLog(MAX_TASK_LOG)));

  static final TorkApi api = engine.api();

  @Test
  void aChattyTasksLogArrivesToItsLastLineInContiguousParts() {
    // 6 MB of lines, one line of 1 MB (cut in lines of 64 KiB), the last line: under the limit.
    String script =
        "yes "
            + LINE
            + " | head -c 6000000; echo; head -c 1000000 /dev/zero | tr '\\0' x; echo;"
            + " echo LAST-LINE";
    JsonNode job = awaitEnd(submit(script));
    assertThat(job.path("state").asString()).isEqualTo("COMPLETED");
    List<JsonNode> parts = awaitLog(taskId(job), log -> log.endsWith("\nLAST-LINE\n"));
    assertContiguous(parts);
    String log = contents(parts);
    assertThat(log).doesNotContain("[log truncated");
    // 16 pieces of the long line: 15 newlines more than the task wrote.
    assertThat(log.length()).isEqualTo(6_000_000 + 1 + 1_000_000 + 1 + 10 + 15);
    assertThat(log.lines()).allMatch(line -> line.length() <= 64 * 1024);
  }

  @Test
  void aTaskOverTheLogLimitShowsHowMuchWasDroppedInContiguousParts() {
    JsonNode job = awaitEnd(submit("yes " + LINE + " | head -c 30000000; echo; echo LAST"));
    assertThat(job.path("state").asString()).isEqualTo("COMPLETED");
    List<JsonNode> parts = awaitLog(taskId(job), log -> log.contains("[log truncated"));
    assertContiguous(parts);
    String log = contents(parts);
    long kept = MAX_TASK_LOG / 71 * 71; // whole lines of 71 bytes
    assertThat(log).startsWith(LINE + "\n").doesNotContain("LAST");
    assertThat(log.substring(0, (int) kept)).isEqualTo((LINE + "\n").repeat((int) (kept / 71)));
    assertThat(log.substring((int) kept))
        .startsWith("[log truncated: " + (30_000_000 + 1 + 5 - kept) + " bytes dropped]")
        .contains("--max-task-log");
  }

  @Test
  void anOutputOverTheResultLimitFailsTheTaskNamingTheLimit() {
    JsonNode job = awaitEnd(submit("head -c 20000000 /dev/zero > $TORK_OUTPUT"));
    assertThat(job.path("state").asString()).isEqualTo("FAILED");
    assertThat(job.path("execution").get(0).path("error").asString())
        .isEqualTo("task output is 20000000 bytes, over the limit of 262144 (--max-result-size)");
  }

  @Test
  void aFailedTasksErrorIsBoundedEachLineAndInAll() {
    String script =
        "i=0; while [ $i -lt 20 ]; do head -c 100000 /dev/zero | tr '\\0' e; echo; i=$((i+1));"
            + " done; exit 3";
    JsonNode job = awaitEnd(submit(script));
    assertThat(job.path("state").asString()).isEqualTo("FAILED");
    String error = job.path("execution").get(0).path("error").asString();
    assertThat(error).startsWith("exit code 3: eee");
    assertThat(error.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo((int) Limits.DEFAULTS.maxErrorBytes());
    assertThat(error.split("\n")).hasSize(10).allMatch(line -> line.endsWith(" bytes]"));
  }

  @Test
  void aQueueConsumerThatFailsStartsOverAndNoTaskIsLostOrRunTwice() {
    String nodeId = WorkerApp.newNodeId();
    String queue = "restarts";
    String part = "worker-queue-" + queue;
    Health health = new Health();
    AtomicInteger runs = new AtomicInteger();
    Runtime counting =
        (task, execution) -> {
          runs.incrementAndGet();
          return new TaskOutcome.Succeeded("ran");
        };
    try (WorkerApp worker =
        new WorkerApp(engine.worker(nodeId, Map.of(queue, 1), "", ""), counting, health)) {
      worker.start();
      await().atMost(Duration.ofSeconds(30)).until(health::isUp);
      Instant upSince = since(health, part);

      // A record that is not a task: taken off the queue, the next task runs, nothing restarts.
      send(Topics.DEFAULT.queue(queue), "not a task".getBytes(StandardCharsets.UTF_8));
      assertThat(awaitEnd(submitTo(queue)).path("state").asString()).isEqualTo("COMPLETED");
      assertThat(runs.get()).isEqualTo(1);
      assertThat(since(health, part)).isEqualTo(upSince);

      // Another producer with the worker's transactional id fences the worker's: its next
      // acceptance fails, the consumer starts over, and the task is accepted once.
      try (KafkaProducer<String, byte[]> fencer =
          new KafkaProducer<>(
              AcceptanceProducer.config(
                  engine.bootstrapServers(), "tork-worker-" + nodeId + "-" + queue),
              new StringSerializer(),
              new ByteArraySerializer())) {
        fencer.initTransactions();
      }
      String second = submitTo(queue);
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> health.problems().stream().anyMatch(p -> p.startsWith(part + " is DOWN")));
      JsonNode job = awaitEnd(second);
      assertThat(job.path("state").asString()).isEqualTo("COMPLETED");
      assertThat(job.path("execution")).hasSize(1);
      assertThat(job.path("execution").get(0).path("result").asString()).isEqualTo("ran");
      await().atMost(Duration.ofSeconds(30)).until(health::isUp);
      // And it does not run again later (a second acceptance of the same record).
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(3))
          .until(() -> runs.get() == 2);
    }
  }

  private static Instant since(Health health, String part) {
    return health.components().stream()
        .filter(c -> c.name().equals(part))
        .findFirst()
        .orElseThrow()
        .since();
  }

  private static void send(String topic, byte[] value) {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, engine.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, "no-such-job", value));
    }
  }

  private static String submit(String script) {
    return api.submitYaml(
        """
        name: hostile output
        tasks:
        - name: writes
          image: ubuntu:mantic
          run: |
            %s
        """
            .formatted(script));
  }

  private static String submitTo(String queue) {
    return api.submitYaml(
        """
        name: on another worker
        tasks:
        - {name: counted, queue: %s, image: ubuntu:mantic, run: "true"}
        """
            .formatted(queue));
  }

  private static JsonNode awaitEnd(String id) {
    return api.awaitEnd(id, Duration.ofSeconds(120));
  }

  private static String taskId(JsonNode job) {
    return job.path("execution").get(0).path("id").asString();
  }

  /** The task's log parts once their contents satisfy {@code done} (they arrive on their own). */
  private static List<JsonNode> awaitLog(String taskId, Predicate<String> done) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> logParts(taskId), parts -> done.test(contents(parts)));
  }

  /** Every log part of the task so far, oldest first. */
  private static List<JsonNode> logParts(String taskId) {
    List<JsonNode> parts = new ArrayList<>();
    int pages = 1;
    for (int page = 1; page <= pages; page++) {
      JsonNode answer = api.get("/tasks/" + taskId + "/log?size=100&page=" + page).body();
      pages = answer.path("totalPages").asInt();
      answer.path("items").forEach(parts::add);
    }
    parts.sort(Comparator.comparingInt(p -> p.path("number").asInt()));
    return parts;
  }

  private static void assertContiguous(List<JsonNode> parts) {
    assertThat(parts.stream().map(p -> p.path("number").asInt()).toList())
        .isEqualTo(IntStream.rangeClosed(1, parts.size()).boxed().toList());
  }

  private static String contents(List<JsonNode> parts) {
    StringBuilder out = new StringBuilder();
    parts.forEach(p -> out.append(p.path("contents").asString()));
    return out.toString();
  }

  /** The limits a user gets with {@code --max-task-log bytes}. */
  private static Limits withTaskLog(long bytes) {
    return CommandLine.populateCommand(new LimitOptions(), "--max-task-log", String.valueOf(bytes))
        .limits();
  }
}
