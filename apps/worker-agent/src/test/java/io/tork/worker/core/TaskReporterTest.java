package io.tork.worker.core;

import static io.tork.worker.core.TaskFixtures.IMAGE;
import static io.tork.worker.core.TaskFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.Limits;
import io.tork.model.Task;
import io.tork.model.TaskEvent;
import io.tork.model.TaskLogPart;
import io.tork.model.TaskSpec;
import io.tork.model.codec.Json;
import io.tork.model.codec.Redaction;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** How a task's output becomes numbered log parts: limits, markers, redaction, failed sends. */
class TaskReporterTest {
  private static final Task TASK =
      task(TaskSpec.of("t", IMAGE, "true").withEnv(Map.of("PASSWORD", "hunter2")));

  /** Stores the parts it is given; fails the sends of the numbers in {@code failing}, once. */
  private static final class Parts implements EventPublisher {
    final List<TaskLogPart> stored = new CopyOnWriteArrayList<>();
    final Set<Integer> failing;

    Parts(Set<Integer> failing) {
      this.failing = new java.util.HashSet<>(failing);
    }

    @Override
    public void publish(TaskEvent event) {}

    @Override
    public synchronized CompletionStage<Void> publishLog(TaskLogPart part) {
      if (failing.remove(part.number())) {
        return CompletableFuture.failedFuture(new IllegalStateException("broker gone"));
      }
      stored.add(part);
      return CompletableFuture.completedFuture(null);
    }

    List<Integer> numbers() {
      return stored.stream().map(TaskLogPart::number).sorted().toList();
    }

    String contents() {
      return stored.stream()
          .sorted(java.util.Comparator.comparingInt(TaskLogPart::number))
          .map(TaskLogPart::contents)
          .collect(Collectors.joining());
    }
  }

  private static TaskReporter reporter(Parts parts, Limits limits) {
    return new TaskReporter(TASK, Redaction.of(TASK), parts, Clock.systemUTC(), limits);
  }

  /**
   * The defaults but for the task log and the record size; a record limit below the defaults' takes
   * the smallest body and value limits it allows with it (a record holds any one value).
   */
  private static Limits limits(long maxTaskLog, int maxRecord) {
    Limits d = Limits.DEFAULTS;
    boolean small = maxRecord < d.maxRecordBytes();
    long value = small ? maxRecord / 8 : d.maxValueBytes();
    return new Limits(
        small ? 512 * 1024 : d.maxBodyBytes(),
        small ? value : d.maxResultBytes(),
        small ? Math.min(value, d.maxErrorBytes()) : d.maxErrorBytes(),
        value,
        small ? value : d.maxJobResultBytes(),
        d.maxLogLineBytes(),
        maxTaskLog,
        d.maxTasksPerJob(),
        d.maxSequence(),
        small ? value : d.maxWebhookPayloadBytes(),
        d.maxWait(),
        d.maxDuration(),
        d.minCronInterval(),
        maxRecord);
  }

  @Test
  void linesGoInFullPartsNumberedWithoutGaps() {
    Parts parts = new Parts(Set.of());
    TaskReporter reporter = reporter(parts, Limits.DEFAULTS);
    String line = "l".repeat(1000);
    for (int i = 0; i < 200; i++) { // about 200 KB: four parts of 64 KiB
      reporter.line(line);
    }
    reporter.finish();
    assertThat(parts.numbers()).containsExactly(1, 2, 3, 4);
    assertThat(parts.contents()).isEqualTo((line + "\n").repeat(200));
    assertThat(parts.stored.getFirst().contents().length())
        .isGreaterThanOrEqualTo(TaskReporter.PART_BYTES);
  }

  @Test
  void pastTheTaskLogLimitTheRestIsDroppedAndTheLastPartSaysHowMuch() {
    Parts parts = new Parts(Set.of());
    TaskReporter reporter = reporter(parts, limits(10_000, Limits.DEFAULTS.maxRecordBytes()));
    for (int i = 0; i < 100; i++) {
      reporter.line("x".repeat(999)); // 1000 bytes with its newline
    }
    reporter.finish();
    reporter.line("after the end");
    String contents = parts.contents();
    assertThat(contents)
        .startsWith(("x".repeat(999) + "\n").repeat(10) + "[log truncated: 90000 bytes dropped]")
        .contains("--max-task-log")
        .doesNotContain("after the end");
    assertThat(parts.numbers()).containsExactly(1);
  }

  @Test
  void aPartThatCannotBeSentIsReplacedByAMarkerUnderItsNumber() {
    Parts parts = new Parts(Set.of(2));
    TaskReporter reporter = reporter(parts, Limits.DEFAULTS);
    for (int i = 1; i <= 3; i++) {
      reporter.line("part " + i);
      reporter.flush();
    }
    reporter.finish();
    assertThat(parts.numbers()).containsExactly(1, 2, 3);
    assertThat(parts.stored.stream().filter(p -> p.number() == 2).findFirst().orElseThrow())
        .extracting(TaskLogPart::contents)
        .isEqualTo("[log truncated: 7 bytes dropped] (this part could not be sent)\n");
  }

  @Test
  void everyPartsRecordStaysUnderTheRecordLimit() {
    int maxRecord = 512 * 1024; // the smallest the limits allow
    Parts parts = new Parts(Set.of());
    TaskReporter reporter = reporter(parts, limits(Limits.DEFAULTS.maxTaskLogBytes(), maxRecord));
    reporter.line("\u0001".repeat(200_000)); // each escaped as 6 bytes in JSON
    reporter.line("\"quoted\" ".repeat(30_000));
    reporter.line("\u20ac".repeat(100_000));
    reporter.finish();
    assertThat(parts.stored).isNotEmpty();
    for (TaskLogPart part : parts.stored) {
      assertThat(Json.write(part).length).isLessThanOrEqualTo(maxRecord);
    }
    assertThat(parts.contents().replace("\n", ""))
        .isEqualTo(
            "\u0001".repeat(200_000) + "\"quoted\" ".repeat(30_000) + "\u20ac".repeat(100_000));
  }

  @Test
  void aSecretCutBetweenTwoPiecesOfALongLineIsRedacted() {
    Parts parts = new Parts(Set.of());
    TaskReporter reporter = reporter(parts, Limits.DEFAULTS);
    reporter.piece("the password is hun");
    reporter.line("ter2, said the task");
    reporter.line("and hunter2 again");
    reporter.finish();
    assertThat(parts.contents())
        .isEqualTo("the password is \n[REDACTED], said the task\nand [REDACTED] again\n");
  }

  @Test
  void whatCouldNotBeReadIsSaidAtTheEnd() {
    Parts parts = new Parts(Set.of());
    TaskReporter reporter = reporter(parts, Limits.DEFAULTS);
    reporter.line("last line");
    reporter.lost("the rest of the output was not read: its stream stalled");
    reporter.finish();
    assertThat(parts.contents())
        .isEqualTo(
            "last line\n[log truncated: the rest of the output was not read: its stream stalled]\n");
  }
}
