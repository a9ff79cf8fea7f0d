package io.tork.worker.docker;

import static io.tork.worker.docker.DockerTestSupport.IMAGE;
import static io.tork.worker.docker.DockerTestSupport.aux;
import static io.tork.worker.docker.DockerTestSupport.runningContainer;
import static io.tork.worker.docker.DockerTestSupport.spec;
import static io.tork.worker.docker.DockerTestSupport.task;
import static io.tork.worker.docker.DockerTestSupport.withLimits;
import static io.tork.worker.docker.DockerTestSupport.withTimeout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import io.tork.model.AuxTaskSpec;
import io.tork.model.LimitsSpec;
import io.tork.model.Task;
import io.tork.model.TaskSpec;
import io.tork.worker.core.Execution;
import io.tork.worker.core.TaskOutcome;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the local engine, with the local busybox image (nothing can be pulled here). */
class DockerRuntimeTest {
  private static final String NODE = "docker-runtime-test-" + UUID.randomUUID();

  private static DockerClient docker;
  private static DockerRuntime runtime;
  private static Optional<String> unreachable = Optional.empty();
  private static final ExecutorService pool = Executors.newCachedThreadPool();

  private final List<String> lines = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void connect() throws IOException {
    docker = DockerTestSupport.client();
    unreachable = DockerTestSupport.unreachable(docker);
    runtime = DockerRuntime.connect(NODE, "", "");
  }

  @AfterAll
  static void disconnect() throws IOException {
    pool.shutdownNow();
    runtime.close();
    docker.close();
  }

  @BeforeEach
  void engineIsUp() {
    // Per test rather than in @BeforeAll, so that each test is reported as skipped.
    Assumptions.assumeTrue(
        unreachable.isEmpty(), () -> "Docker daemon unreachable, skipping: " + unreachable.get());
  }

  @AfterEach
  void nothingLeftBehind() {
    if (unreachable.isEmpty()) {
      DockerTestSupport.assertNothingLabelled(docker, NODE);
    }
  }

  @Test
  void theOutputFileIsTheResultByteForByte() {
    assertThat(run(TaskSpec.of("t", IMAGE, "echo -n world >> $TORK_OUTPUT")))
        .isEqualTo(new TaskOutcome.Succeeded("world"));
    assertThat(run(TaskSpec.of("t", IMAGE, "printf 'h\\303\\251llo\\n\\n' > $TORK_OUTPUT")))
        .isEqualTo(new TaskOutcome.Succeeded("héllo\n\n"));
  }

  @Test
  void theTaskEnvReachesTheContainer() {
    TaskSpec spec =
        TaskSpec.of("t", IMAGE, "echo -n \"$GREETING|$EMPTY|$TORK_PROGRESS\" > $TORK_OUTPUT")
            .withEnv(Map.of("GREETING", "hello world", "EMPTY", ""));
    assertThat(run(spec)).isEqualTo(new TaskOutcome.Succeeded("hello world||/tork/progress"));
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
  void preAndPostShareTheVolumesAndOnlyTheMainOutputIsTheResult() {
    TaskSpec spec =
        spec(
            "tr a-z A-Z < /tmp/input > /tmp/output && echo -n main-result > $TORK_OUTPUT",
            List.of(aux("write", "echo -n hello > /tmp/input")),
            List.of(
                aux(
                    "read",
                    "echo \"post saw $(cat /tmp/output)\"; echo -n post > $TORK_OUTPUT;"
                        + " [ \"$(cat /tmp/output)\" = HELLO ]")),
            List.of("/tmp"));
    assertThat(run(spec)).isEqualTo(new TaskOutcome.Succeeded("main-result"));
    assertThat(lines).contains("post saw HELLO");
    // Each task gets fresh volumes.
    assertThat(run(spec("[ ! -e /tmp/input ]", List.of(), List.of(), List.of("/tmp"))))
        .isEqualTo(new TaskOutcome.Succeeded(""));
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
    TaskOutcome outcome = runtime.run(task(spec), new Execution(Duration.ofSeconds(1), lines::add));
    assertThat(outcome).isEqualTo(new TaskOutcome.Failed("task timed out after 1s"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
  }

  @Test
  void theTimeoutIsABudgetOverPreMainAndPost() {
    TaskSpec spec =
        spec("sleep 1", List.of(aux("a", "sleep 1")), List.of(aux("b", "sleep 30")), List.of());
    TaskOutcome outcome =
        runtime.run(task(spec), new Execution(Duration.ofMillis(2500), lines::add));
    assertThat(outcome).isEqualTo(new TaskOutcome.Failed("task timed out after 2.5s"));
  }

  @Test
  void anAuxTaskTimesOutOnItsOwnTimeout() {
    AuxTaskSpec slow = new AuxTaskSpec("slow", null, IMAGE, "sleep 30", null, "1s");
    TaskOutcome outcome = run(spec("true", List.of(slow), List.of(), List.of()));
    assertThat(outcome).isEqualTo(new TaskOutcome.Failed("pre task 'slow' timed out after 1s"));
  }

  @Test
  void aCancelStopsTheRunningContainerPromptly() throws Exception {
    Execution execution = new Execution(Duration.ZERO, lines::add);
    CompletableFuture<TaskOutcome> outcome =
        runAsync(TaskSpec.of("t", IMAGE, "echo started; sleep 30"), execution);
    await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("started"));
    execution.cancel();
    assertThat(outcome.get(5, TimeUnit.SECONDS))
        .isEqualTo(new TaskOutcome.Failed("task cancelled"));
  }

  @Test
  void aCancelledExecutionStartsNothing() {
    Execution execution = new Execution(Duration.ZERO, lines::add);
    execution.cancel();
    assertThat(runtime.run(task(TaskSpec.of("t", IMAGE, "echo RAN")), execution))
        .isEqualTo(new TaskOutcome.Failed("task cancelled"));
    assertThat(lines).isEmpty();
  }

  @Test
  void theMemoryLimitIsEnforced() {
    TaskSpec spec =
        withLimits(
            TaskSpec.of("t", IMAGE, "head -c 64m /dev/zero | tail > /dev/null"),
            new LimitsSpec("", "10m"));
    TaskOutcome outcome = run(spec);
    assertThat(outcome).isInstanceOf(TaskOutcome.Failed.class);
    assertThat(((TaskOutcome.Failed) outcome).error()).startsWith("exit code 137 (out of memory)");
  }

  @Test
  void limitsAreSetOnTheContainerFallingBackToTheWorkerDefaults() throws Exception {
    // Shares the test's client: not closed here.
    DockerRuntime withDefaults = new DockerRuntime(docker, NODE, "0.25", "64m");
    Execution execution = new Execution(Duration.ZERO, lines::add);
    Task task = task(withLimits(TaskSpec.of("t", IMAGE, "sleep 30"), new LimitsSpec(".5", "")));
    CompletableFuture<TaskOutcome> outcome =
        CompletableFuture.supplyAsync(() -> withDefaults.run(task, execution), pool);
    InspectContainerResponse running =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> runningContainer(docker, task), Optional::isPresent)
            .orElseThrow();
    assertThat(running.getHostConfig().getNanoCPUs()).isEqualTo(500_000_000L);
    assertThat(running.getHostConfig().getMemory()).isEqualTo(64L << 20);
    assertThat(running.getConfig().getLabels())
        .containsEntry("tork.task", task.id())
        .containsEntry("tork.job", task.jobId())
        .containsEntry("tork.node", NODE);
    execution.cancel();
    assertThat(outcome.get(5, TimeUnit.SECONDS))
        .isEqualTo(new TaskOutcome.Failed("task cancelled"));
  }

  @Test
  void malformedLimitsFailTheTask() {
    assertThat(run(withLimits(TaskSpec.of("t", IMAGE, "true"), new LimitsSpec("", "lots"))))
        .isEqualTo(new TaskOutcome.Failed("invalid memory limit 'lots'"));
  }

  @Test
  void aMissingImageThatCannotBePulledFailsNamingIt() {
    TaskOutcome outcome = run(TaskSpec.of("t", "tork-test/does-not-exist:nope", "true"));
    assertThat(outcome).isInstanceOf(TaskOutcome.Failed.class);
    assertThat(((TaskOutcome.Failed) outcome).error())
        .startsWith("image 'tork-test/does-not-exist:nope' is not present and cannot be pulled: ")
        .doesNotContain("Status 500");
  }

  @Test
  void anInvalidImageReferenceFailsNamingIt() {
    TaskOutcome outcome = run(TaskSpec.of("t", "Not A/Valid Image", "true"));
    assertThat(outcome).isInstanceOf(TaskOutcome.Failed.class);
    assertThat(((TaskOutcome.Failed) outcome).error())
        .startsWith("image 'Not A/Valid Image' is not present and cannot be pulled: ")
        .contains("invalid reference format");
  }

  @Test
  void anAuxTaskWithoutAnImageUsesTheTasksImage() {
    AuxTaskSpec noImage = new AuxTaskSpec("no-image", null, null, "echo pre ran", null, null);
    assertThat(run(spec("true", List.of(noImage), List.of(), List.of())))
        .isEqualTo(new TaskOutcome.Succeeded(""));
    assertThat(lines).containsExactly("pre ran");
  }

  @Test
  void aContainerTheEngineRejectsFailsTheTaskAndItsVolumesAreRemoved() {
    TaskOutcome outcome = run(spec("true", List.of(), List.of(), List.of("relative/path")));
    assertThat(outcome).isInstanceOf(TaskOutcome.Failed.class);
    assertThat(((TaskOutcome.Failed) outcome).error())
        .startsWith("cannot create container: ")
        .doesNotContain("Status 400");
  }

  @Test
  void tasksRunConcurrently() {
    List<CompletableFuture<TaskOutcome>> outcomes =
        IntStream.range(0, 4)
            .mapToObj(
                i ->
                    TaskSpec.of("t", IMAGE, "sleep 1; echo -n task-$N > $TORK_OUTPUT")
                        .withEnv(Map.of("N", String.valueOf(i))))
            .map(spec -> runAsync(spec, new Execution(Duration.ZERO, lines::add)))
            .toList();
    assertThat(outcomes.stream().map(CompletableFuture::join))
        .containsExactly(
            new TaskOutcome.Succeeded("task-0"),
            new TaskOutcome.Succeeded("task-1"),
            new TaskOutcome.Succeeded("task-2"),
            new TaskOutcome.Succeeded("task-3"));
  }

  @Test
  void removeOrphansRemovesOnlyThisNodesContainersAndVolumes() {
    String mine = orphan(NODE);
    String other = orphan("other-" + UUID.randomUUID());
    docker.createVolumeCmd().withLabels(Map.of(DockerRuntime.NODE_LABEL, NODE)).exec();
    try {
      runtime.removeOrphans();
      List<String> left =
          docker.listContainersCmd().withShowAll(true).exec().stream()
              .map(Container::getId)
              .toList();
      assertThat(left).contains(other).doesNotContain(mine);
    } finally {
      docker.removeContainerCmd(other).withForce(true).exec();
    }
  }

  private String orphan(String node) {
    return docker
        .createContainerCmd(IMAGE)
        .withCmd("sleep", "30")
        .withLabels(Map.of(DockerRuntime.NODE_LABEL, node, DockerRuntime.TASK_LABEL, "orphan"))
        .exec()
        .getId();
  }

  private TaskOutcome run(TaskSpec spec) {
    return runtime.run(task(spec), new Execution(Duration.ZERO, lines::add));
  }

  private CompletableFuture<TaskOutcome> runAsync(TaskSpec spec, Execution execution) {
    Task task = task(spec);
    return CompletableFuture.supplyAsync(() -> runtime.run(task, execution), pool);
  }
}
