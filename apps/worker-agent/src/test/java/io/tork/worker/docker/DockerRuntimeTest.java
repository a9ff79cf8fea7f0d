package io.tork.worker.docker;

import static io.tork.worker.core.TaskFixtures.IMAGE;
import static io.tork.worker.core.TaskFixtures.aux;
import static io.tork.worker.core.TaskFixtures.spec;
import static io.tork.worker.core.TaskFixtures.task;
import static io.tork.worker.core.TaskFixtures.withLimits;
import static io.tork.worker.docker.DockerTestSupport.runningContainer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import io.tork.model.AuxTaskSpec;
import io.tork.model.LimitsSpec;
import io.tork.model.Task;
import io.tork.model.TaskSpec;
import io.tork.worker.core.Execution;
import io.tork.worker.core.LogSink;
import io.tork.worker.core.Runtimes;
import io.tork.worker.core.TaskFilesMode;
import io.tork.worker.core.TaskOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Against the local engine, with the local busybox image (nothing can be pulled here). */
class DockerRuntimeTest {
  @RegisterExtension static final DockerDaemon daemon = new DockerDaemon("docker-runtime-test-");
  private static final String NODE = daemon.node();

  private static DockerClient docker;
  private static DockerRuntime runtime;
  private static Path filesRoot;
  private static final ExecutorService pool = Executors.newCachedThreadPool();

  private final List<String> lines = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void connect() throws IOException {
    docker = daemon.client();
    filesRoot = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "files");
    runtime =
        DockerRuntime.connect(
            Runtimes.Options.builder(NODE)
                .taskFiles(TaskFilesMode.BIND)
                .workdir(filesRoot)
                .build());
  }

  @AfterAll
  static void disconnect() throws IOException {
    pool.shutdownNow();
    runtime.close();
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
    DockerRuntime withDefaults =
        new DockerRuntime(
            docker,
            Runtimes.Options.builder(NODE)
                .defaultLimits("0.25", "64m")
                .taskFiles(TaskFilesMode.COPY)
                .workdir(Path.of(System.getProperty("java.io.tmpdir")))
                .build());
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

  @Test
  void removeOrphansOfAnEarlierNodeRemovesItsTaskDirectoriesOnly() throws IOException {
    Path earlier = Files.createDirectories(filesRoot.resolve("docker-earlier/c1/workdir"));
    Files.writeString(earlier.resolve("left.txt"), "x");
    Path other = Files.createDirectories(filesRoot.resolve("docker-other/c2"));
    runtime.removeOrphansOf("earlier");
    assertThat(filesRoot.resolve("docker-earlier")).doesNotExist();
    assertThat(other).exists();
  }

  @Test
  void aLinkPutInPlaceOfTheOutputIsNotFollowedOnTheHost() throws IOException {
    Path secret = Files.writeString(filesRoot.resolve("host-secret"), "host only");
    TaskOutcome outcome =
        run(TaskSpec.of("t", IMAGE, "rm -f $TORK_OUTPUT; ln -s " + secret + " $TORK_OUTPUT"));
    assertThat(outcome)
        .isEqualTo(
            new TaskOutcome.Failed("cannot read $TORK_OUTPUT: /tork/stdout is not a regular file"));
  }

  @Test
  void aFifoPutInPlaceOfTheProgressFileDoesNotBlockItsReader() throws Exception {
    Execution execution = new Execution(Duration.ZERO, lines::add);
    CompletableFuture<TaskOutcome> running =
        runAsync(
            TaskSpec.of(
                "t", IMAGE, "rm -f $TORK_PROGRESS; mkfifo $TORK_PROGRESS; echo swapped; sleep 2"),
            execution);
    await().atMost(Duration.ofSeconds(15)).until(() -> lines.contains("swapped"));
    OptionalDouble progress =
        assertTimeoutPreemptively(Duration.ofSeconds(2), execution::readProgress);
    assertThat(progress).isEmpty();
    assertThat(running.get(30, TimeUnit.SECONDS)).isEqualTo(new TaskOutcome.Succeeded(""));
  }

  @Test
  void anImageRemovedSinceItsLastUseIsLookedForAgain() {
    String tag = "tork-test/busybox:gone-" + UUID.randomUUID();
    String repository = tag.substring(0, tag.indexOf(':'));
    String version = tag.substring(tag.indexOf(':') + 1);
    docker.tagImageCmd(IMAGE, repository, version).exec();
    assertThat(run(TaskSpec.of("t", tag, "true"))).isEqualTo(new TaskOutcome.Succeeded(""));

    docker.removeImageCmd(tag).exec();
    TaskOutcome outcome = run(TaskSpec.of("t", tag, "true"));
    assertThat(outcome).isInstanceOf(TaskOutcome.Failed.class);
    assertThat(((TaskOutcome.Failed) outcome).error())
        .startsWith("image '" + tag + "' is not present and cannot be pulled: ");

    docker.tagImageCmd(IMAGE, repository, version).exec();
    try {
      assertThat(run(TaskSpec.of("t", tag, "true"))).isEqualTo(new TaskOutcome.Succeeded(""));
    } finally {
      docker.removeImageCmd(tag).exec();
    }
  }

  @Test
  void twoHundredMegabytesOfOutputArriveToTheirLastLine() {
    // The engine's log API lagged far behind such a container (its last 30 MB arrived 10 s after
    // the exit, when at all): attached to, its output arrives as fast as it is read.
    AtomicLong bytes = new AtomicLong();
    AtomicLong count = new AtomicLong();
    AtomicReference<String> last = new AtomicReference<>("");
    LogSink counting =
        line -> {
          bytes.addAndGet(line.length() + 1);
          count.incrementAndGet();
          last.set(line);
        };
    String line = "0123456789".repeat(7); // 71 bytes with its newline
    String script = "yes " + line + " | head -c 200000000; echo; echo LAST-LINE";
    long started = System.nanoTime();
    TaskOutcome outcome =
        runtime.run(task(TaskSpec.of("t", IMAGE, script)), new Execution(Duration.ZERO, counting));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(outcome).isEqualTo(new TaskOutcome.Succeeded(""));
    assertThat(last.get()).isEqualTo("LAST-LINE");
    // 200 MB cut a line short: that line, the echo's newline ends it, then LAST-LINE.
    assertThat(bytes.get()).isEqualTo(200_000_000L + 1 + "LAST-LINE\n".length());
    assertThat(count.get()).isEqualTo(200_000_000L / 71 + 2);
    assertThat(took).isLessThan(Duration.ofMinutes(3));
  }

  @Test
  void aLastLineWithoutANewlineIsNeverLost() {
    // The engine's log follow stream often ended without it (moby 43860); attached, it cannot.
    for (int i = 0; i < 5; i++) {
      lines.clear();
      assertThat(run(TaskSpec.of("t", IMAGE, "sleep 0.3; echo hello; printf LAST")))
          .isEqualTo(new TaskOutcome.Succeeded(""));
      assertThat(lines).containsExactly("hello", "LAST");
    }
  }

  @Test
  void theEngineKeepsNoLogOfATasksContainer() throws Exception {
    Execution execution = new Execution(Duration.ZERO, lines::add);
    Task task = task(TaskSpec.of("t", IMAGE, "echo started; sleep 30"));
    CompletableFuture<TaskOutcome> outcome =
        CompletableFuture.supplyAsync(() -> runtime.run(task, execution), pool);
    // Its container, not a line: an earlier test's "started" may still be in the lines.
    await().atMost(Duration.ofSeconds(10)).until(() -> runningContainer(docker, task).isPresent());
    InspectContainerResponse running = runningContainer(docker, task).orElseThrow();
    assertThat(running.getHostConfig().getLogConfig().getType().getType()).isEqualTo("none");
    execution.cancel();
    assertThat(outcome.get(5, TimeUnit.SECONDS))
        .isEqualTo(new TaskOutcome.Failed("task cancelled"));
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
