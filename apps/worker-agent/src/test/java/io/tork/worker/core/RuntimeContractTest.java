package io.tork.worker.core;

import static io.tork.worker.core.TaskFixtures.IMAGE;
import static io.tork.worker.core.TaskFixtures.aux;
import static io.tork.worker.core.TaskFixtures.spec;
import static io.tork.worker.core.TaskFixtures.task;
import static io.tork.worker.core.TaskFixtures.withTimeout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tork.model.AuxTaskSpec;
import io.tork.model.Limits;
import io.tork.model.MountSpec;
import io.tork.model.Task;
import io.tork.model.TaskSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Runtime} must do the same way, whatever runs the script: the result, the
 * environment, failure messages, pre/post order, timeouts and cancellation. Each runtime's test
 * extends this class.
 */
public abstract class RuntimeContractTest {
  protected final List<String> lines = new CopyOnWriteArrayList<>();

  protected abstract Runtime runtime();

  private TaskOutcome run(TaskSpec spec) {
    return runtime().run(task(spec), new Execution(Duration.ZERO, lines::add));
  }

  private CompletableFuture<TaskOutcome> runAsync(TaskSpec spec, Execution execution) {
    Task task = task(spec);
    return CompletableFuture.supplyAsync(() -> runtime().run(task, execution));
  }

  @Test
  void theOutputFileIsTheResultByteForByte() {
    assertThat(run(TaskSpec.of("t", IMAGE, "echo -n world >> $TORK_OUTPUT")))
        .isEqualTo(new TaskOutcome.Succeeded("world"));
    assertThat(run(TaskSpec.of("t", IMAGE, "printf 'h\\303\\251llo\\n\\n' > $TORK_OUTPUT")))
        .isEqualTo(new TaskOutcome.Succeeded("héllo\n\n"));
  }

  @Test
  void theTaskEnvReachesTheTask() {
    TaskSpec spec =
        TaskSpec.of("t", IMAGE, "echo -n \"$GREETING|$EMPTY|$TORK_PROGRESS\" > $TORK_OUTPUT")
            .withEnv(Map.of("GREETING", "hello world", "EMPTY", ""));
    assertThat(run(spec))
        .satisfies(
            outcome ->
                assertThat(((TaskOutcome.Succeeded) outcome).result())
                    .matches("hello world\\|\\|.*progress"));
  }

  @Test
  void filesAreInTheWorkingDirectoryWhenTheTaskStarts() {
    TaskSpec spec =
        TaskSpec.of("t", IMAGE, "cat data/input.txt notes > $TORK_OUTPUT").toBuilder()
            .files(Map.of("data/input.txt", "one\n", "notes", "two"))
            .build();
    assertThat(run(spec)).isEqualTo(new TaskOutcome.Succeeded("one\ntwo"));
  }

  @Test
  void theProgressFileIsReadableWhileTheTaskRuns() throws Exception {
    Execution execution = new Execution(Duration.ZERO, lines::add);
    CompletableFuture<TaskOutcome> running =
        runAsync(TaskSpec.of("t", IMAGE, "echo 42.5 > $TORK_PROGRESS; sleep 3"), execution);
    await().atMost(Duration.ofSeconds(15)).until(() -> execution.readProgress().orElse(-1) == 42.5);
    assertThat(running.get(30, TimeUnit.SECONDS)).isEqualTo(new TaskOutcome.Succeeded(""));
    assertThat(execution.readProgress()).isEmpty(); // no step runs any more
  }

  @Test
  void aNonZeroExitFailsWithTheLastTenLinesOfOutput() {
    String script =
        """
        i=1
        while [ $i -le 15 ]; do echo "line $i."; i=$((i+1)); done
        exit 3
        """;
    assertThat(run(TaskSpec.of("t", IMAGE, script)))
        .isEqualTo(
            new TaskOutcome.Failed(
                "exit code 3: line 6.\nline 7.\nline 8.\nline 9.\nline 10.\nline 11.\nline 12."
                    + "\nline 13.\nline 14.\nline 15."));
    assertThat(lines).hasSize(15).startsWith("line 1.").endsWith("line 15.");
  }

  @Test
  void stderrIsStreamedAndInTheTail() {
    // One stream only: Docker copies stdout and stderr separately, so their relative order in the
    // log is not guaranteed.
    assertThat(run(TaskSpec.of("t", IMAGE, "echo oops >&2; printf 'no newline' >&2; exit 1")))
        .isEqualTo(new TaskOutcome.Failed("exit code 1: oops\nno newline"));
    assertThat(lines).containsExactly("oops", "no newline");
  }

  @Test
  void aFailingPreTaskFailsTheTaskBeforeMainOrPostRun() {
    TaskSpec spec =
        spec(
            "echo MAIN RAN",
            List.of(aux("setup", "echo setting up; exit 7")),
            List.of(aux("after", "echo POST RAN")),
            List.of("/data"));
    assertThat(run(spec))
        .isEqualTo(new TaskOutcome.Failed("pre task 'setup' failed: exit code 7: setting up"));
    assertThat(lines).contains("setting up").doesNotContain("MAIN RAN", "POST RAN");
  }

  @Test
  void aFailingPostTaskFailsTheTask() {
    TaskSpec spec =
        spec("echo -n ok > $TORK_OUTPUT", List.of(), List.of(aux("check", "exit 5")), List.of());
    assertThat(run(spec))
        .isEqualTo(new TaskOutcome.Failed("post task 'check' failed: exit code 5"));
  }

  @Test
  void theTimeoutKillsTheTask() {
    long start = System.nanoTime();
    TaskSpec spec = withTimeout(TaskSpec.of("t", IMAGE, "sleep 30"), "1s");
    TaskOutcome outcome =
        runtime().run(task(spec), new Execution(Duration.ofSeconds(1), lines::add));
    assertThat(outcome).isEqualTo(new TaskOutcome.Failed("task timed out after 1s"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
  }

  @Test
  void theTimeoutIsABudgetOverPreMainAndPost() {
    TaskSpec spec =
        spec("sleep 1", List.of(aux("a", "sleep 1")), List.of(aux("b", "sleep 30")), List.of());
    TaskOutcome outcome =
        runtime().run(task(spec), new Execution(Duration.ofMillis(2500), lines::add));
    assertThat(outcome).isEqualTo(new TaskOutcome.Failed("task timed out after 2.5s"));
  }

  @Test
  void anAuxTaskTimesOutOnItsOwnTimeout() {
    AuxTaskSpec slow = new AuxTaskSpec("slow", null, IMAGE, "sleep 30", null, "1s");
    TaskOutcome outcome = run(spec("true", List.of(slow), List.of(), List.of()));
    assertThat(outcome).isEqualTo(new TaskOutcome.Failed("pre task 'slow' timed out after 1s"));
  }

  @Test
  void aCancelStopsTheRunningTaskPromptly() throws Exception {
    Execution execution = new Execution(Duration.ZERO, lines::add);
    CompletableFuture<TaskOutcome> outcome =
        runAsync(TaskSpec.of("t", IMAGE, "echo started; sleep 30"), execution);
    await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("started"));
    execution.cancel();
    assertThat(outcome.get(5, TimeUnit.SECONDS))
        .isEqualTo(new TaskOutcome.Failed("task cancelled"));
  }

  @Test
  void aHostNetworkFailsTheTaskBeforeAnythingRuns() {
    // Docker refuses it by policy (unless --allow-host-network); the shell runtime has no
    // networks to give and refuses every one.
    TaskSpec spec =
        spec("echo MAIN RAN", List.of(aux("setup", "echo PRE RAN")), List.of(), List.of())
            .toBuilder()
            .networks(List.of("host"))
            .build();
    TaskOutcome outcome = run(spec);
    assertThat(outcome).isInstanceOf(TaskOutcome.Failed.class);
    assertThat(((TaskOutcome.Failed) outcome).error()).startsWith("networks");
    assertThat(lines).isEmpty();
  }

  @Test
  void aBindMountTheWorkerDoesNotAllowFailsTheTaskBeforeAnythingRuns() {
    TaskSpec spec =
        spec("echo MAIN RAN", List.of(aux("setup", "echo PRE RAN")), List.of(), List.of())
            .toBuilder()
            .mounts(List.of(new MountSpec(MountSpec.BIND, "/etc", "/host-etc", null, false)))
            .build();
    TaskOutcome outcome = run(spec);
    assertThat(outcome).isInstanceOf(TaskOutcome.Failed.class);
    assertThat(((TaskOutcome.Failed) outcome).error()).startsWith("mounts");
    assertThat(lines).isEmpty();
  }

  @Test
  void aCancelledExecutionStartsNothing() {
    Execution execution = new Execution(Duration.ZERO, lines::add);
    execution.cancel();
    assertThat(runtime().run(task(TaskSpec.of("t", IMAGE, "echo RAN")), execution))
        .isEqualTo(new TaskOutcome.Failed("task cancelled"));
    assertThat(lines).isEmpty();
  }

  @Test
  void aLineLongerThanTheLimitArrivesWholeInPiecesOfAtMostTheLimit() {
    // 30 MB without a newline, then one more line.
    String script = "head -c 30000000 /dev/zero | tr '\\0' a; echo; echo after";
    assertThat(run(TaskSpec.of("t", IMAGE, script))).isEqualTo(new TaskOutcome.Succeeded(""));
    int max = Limits.DEFAULTS.maxLogLineBytes();
    assertThat(lines.getLast()).isEqualTo("after");
    List<String> pieces = lines.subList(0, lines.size() - 1);
    assertThat(pieces).allMatch(piece -> piece.length() <= max && piece.matches("a+"));
    assertThat(pieces.stream().mapToLong(String::length).sum()).isEqualTo(30_000_000L);
    assertThat(pieces).hasSize((30_000_000 + max - 1) / max);
  }

  @Test
  void anOutputOverTheResultLimitFailsTheTaskNamingTheLimit() {
    long started = System.nanoTime();
    TaskOutcome outcome =
        run(TaskSpec.of("t", IMAGE, "head -c 20000000 /dev/zero > $TORK_OUTPUT; echo written"));
    assertThat(outcome)
        .isEqualTo(
            new TaskOutcome.Failed(
                "task output is 20000000 bytes, over the limit of 262144 (--max-result-size)"));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void anOutputOfExactlyTheLimitIsTheResult() {
    TaskOutcome outcome =
        run(TaskSpec.of("t", IMAGE, "head -c 262144 /dev/zero | tr '\\0' r > $TORK_OUTPUT"));
    assertThat(outcome).isEqualTo(new TaskOutcome.Succeeded("r".repeat(262_144)));
  }

  @Test
  void anOutputFileOfTenGigabytesFailsTheTaskWithoutBeingRead() {
    long started = System.nanoTime();
    TaskOutcome outcome = run(TaskSpec.of("t", IMAGE, "truncate -s 10737418240 $TORK_OUTPUT"));
    assertThat(outcome)
        .isEqualTo(
            new TaskOutcome.Failed(
                "task output is 10737418240 bytes, over the limit of 262144 (--max-result-size)"));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void progressIsReadFromTheHeadOfTheFileHoweverLargeItGrows() throws Exception {
    Execution execution = new Execution(Duration.ZERO, lines::add);
    // 42 and blanks fill the head that is read; the file then grows to 10 GB (sparse: no disk).
    String script =
        """
        printf '%-63s\\n' 42 > $TORK_PROGRESS
        truncate -s 10737418240 $TORK_PROGRESS
        echo grown
        sleep 2
        """;
    CompletableFuture<TaskOutcome> running = runAsync(TaskSpec.of("t", IMAGE, script), execution);
    await().atMost(Duration.ofSeconds(15)).until(() -> lines.contains("grown"));
    long started = System.nanoTime();
    assertThat(execution.readProgress()).hasValue(42);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    assertThat(running.get(30, TimeUnit.SECONDS)).isEqualTo(new TaskOutcome.Succeeded(""));
  }

  @Test
  void theErrorShowsTheLastLinesEachCutToItsShareOfTheErrorLimit() {
    String script =
        """
        i=1
        while [ $i -le 12 ]; do head -c 5000 /dev/zero | tr '\\0' "$((i % 10))"; echo; i=$((i+1)); done
        exit 4
        """;
    TaskOutcome outcome = run(TaskSpec.of("t", IMAGE, script));
    String error = ((TaskOutcome.Failed) outcome).error();
    long share = (Limits.DEFAULTS.maxErrorBytes() - 256) / OutputTail.LINES;
    assertThat(error).startsWith("exit code 4: 333");
    List<String> shown = List.of(error.substring("exit code 4: ".length()).split("\n"));
    assertThat(shown).hasSize(10);
    assertThat(shown)
        .allMatch(line -> line.length() <= share && line.endsWith(" [truncated: 3428 bytes]"));
    assertThat(shown.getLast()).startsWith("2222");
  }
}
