package io.tork.worker.docker;

import static io.tork.worker.core.TaskFixtures.IMAGE;
import static io.tork.worker.core.TaskFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import io.tork.model.LimitsSpec;
import io.tork.model.ProbeSpec;
import io.tork.model.SidecarSpec;
import io.tork.model.Task;
import io.tork.model.TaskSpec;
import io.tork.worker.core.Execution;
import io.tork.worker.core.Runtimes;
import io.tork.worker.core.TaskFilesMode;
import io.tork.worker.core.TaskOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sidecars against the local engine: reachable by alias, probed before the main container starts,
 * removed with their network however the task ends (the extension checks that nothing of the node
 * is left after each test: containers, volumes, networks).
 */
class DockerSidecarsTest {
  @RegisterExtension static final DockerDaemon daemon = new DockerDaemon("docker-sidecars-test-");
  private static final String NODE = daemon.node();
  private static final String SERVE =
      "mkdir -p /www && echo -n served-by-sidecar > /www/index.html && echo serving"
          + " && exec httpd -f -p 8080 -h /www";

  private static DockerClient docker;
  private static DockerRuntime runtime;
  private static final ExecutorService pool = Executors.newCachedThreadPool();

  private final List<String> lines = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void connect() throws IOException {
    docker = daemon.client();
    Path files = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "files");
    runtime =
        DockerRuntime.connect(
            Runtimes.Options.builder(NODE).taskFiles(TaskFilesMode.BIND).workdir(files).build());
  }

  @AfterAll
  static void disconnect() {
    pool.shutdownNow();
    runtime.close();
  }

  private static SidecarSpec web(ProbeSpec probe) {
    return SidecarSpec.of("web server", IMAGE, SERVE).withProbe(probe);
  }

  private static TaskSpec withSidecars(String run, SidecarSpec... sidecars) {
    return TaskSpec.builder().name("t").image(IMAGE).run(run).sidecars(List.of(sidecars)).build();
  }

  @Test
  void theMainContainerReachesAProbedSidecarByItsAlias() {
    TaskSpec spec =
        withSidecars(
            "wget -q -O $TORK_OUTPUT http://web-server:8080/index.html",
            web(new ProbeSpec("/index.html", 8080, "20s")));
    assertThat(run(spec)).isEqualTo(new TaskOutcome.Succeeded("served-by-sidecar"));
    assertThat(lines).contains("[sidecar web-server] serving");
  }

  @Test
  void aProbeThatNeverAnswersFailsTheTaskNamingTheSidecarAndTheMainNeverRuns() {
    TaskSpec spec =
        withSidecars(
            "echo main ran",
            SidecarSpec.of("slow db", IMAGE, "sleep 60")
                .withProbe(new ProbeSpec("/health", 5432, "2s")));
    TaskOutcome outcome = run(spec);
    assertThat(outcome).isInstanceOf(TaskOutcome.Failed.class);
    assertThat(((TaskOutcome.Failed) outcome).error())
        .startsWith(
            "sidecar 'slow db' was not ready: its probe GET http://slow-db:5432/health did not"
                + " answer HTTP 200 within 2s (last: ");
    assertThat(lines).doesNotContain("main ran");
  }

  @Test
  void aSidecarThatExitsBeforeItsProbeAnswersFailsTheTaskWithItsLastLines() {
    TaskSpec spec =
        withSidecars(
            "true",
            SidecarSpec.of("broken", IMAGE, "echo no config; exit 3")
                .withProbe(new ProbeSpec("", 80, "30s")));
    TaskOutcome outcome = run(spec);
    assertThat(outcome)
        .isEqualTo(
            new TaskOutcome.Failed(
                "sidecar 'broken' exited (exit code 3) before its probe GET http://broken:80/"
                    + " answered: no config"));
    assertThat(lines).contains("[sidecar broken] no config");
  }

  @Test
  void aSidecarImageThatIsMissingFailsTheTaskNamingTheSidecar() {
    TaskSpec spec = withSidecars("true", SidecarSpec.of("cache", "tork-test/nope:nope", ""));
    TaskOutcome outcome = run(spec);
    assertThat(outcome).isInstanceOf(TaskOutcome.Failed.class);
    assertThat(((TaskOutcome.Failed) outcome).error()).startsWith("sidecar 'cache': ");
  }

  @Test
  void sidecarsShareTheTasksMountsAndLimitsAndGoWhenTheTaskIsCancelled() throws Exception {
    TaskSpec spec =
        withSidecars(
                "sleep 30",
                SidecarSpec.of("writer", IMAGE, "echo -n shared > /data/note; exec sleep 30"))
            .toBuilder()
            .volumes(List.of("/data"))
            .limits(new LimitsSpec(".5", "64m"))
            .build();
    Task task = task(spec);
    Execution execution = new Execution(Duration.ZERO, lines::add);
    CompletableFuture<TaskOutcome> outcome =
        CompletableFuture.supplyAsync(() -> runtime.run(task, execution), pool);
    List<Container> both =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> containersOf(task), containers -> containers.size() == 2);
    for (Container container : both) {
      InspectContainerResponse inspected = docker.inspectContainerCmd(container.getId()).exec();
      assertThat(inspected.getHostConfig().getMemory()).isEqualTo(64L << 20);
      assertThat(inspected.getHostConfig().getNanoCPUs()).isEqualTo(500_000_000L);
      assertThat(inspected.getHostConfig().getSecurityOpts()).contains("no-new-privileges");
      assertThat(inspected.getNetworkSettings().getNetworks()).hasSize(1);
      assertThat(inspected.getMounts())
          .anySatisfy(mount -> assertThat(mount.getDestination().getPath()).isEqualTo("/data"));
    }
    assertThat(both)
        .anySatisfy(
            container ->
                assertThat(
                        docker
                            .inspectContainerCmd(container.getId())
                            .exec()
                            .getNetworkSettings()
                            .getNetworks()
                            .values()
                            .iterator()
                            .next()
                            .getAliases())
                    .contains("writer"));
    execution.cancel();
    assertThat(outcome.get(10, TimeUnit.SECONDS))
        .isEqualTo(new TaskOutcome.Failed("task cancelled"));
  }

  @Test
  void aCancelWhileAProbeIsAwaitedEndsTheTaskAtOnce() throws Exception {
    Task task = task(neverReady());
    Execution execution = new Execution(Duration.ZERO, lines::add);
    CompletableFuture<TaskOutcome> outcome =
        CompletableFuture.supplyAsync(() -> runtime.run(task, execution), pool);
    await().atMost(Duration.ofSeconds(20)).until(() -> containersOf(task).size() == 1);
    execution.cancel();
    assertThat(outcome.get(10, TimeUnit.SECONDS))
        .isEqualTo(new TaskOutcome.Failed("task cancelled"));
  }

  @Test
  void aWorkerStoppingMidProbeLeavesNothingBehind() throws Exception {
    Task task = task(neverReady());
    CompletableFuture<TaskOutcome> outcome = new CompletableFuture<>();
    // A stopping worker interrupts its task threads.
    Thread runner =
        Thread.ofPlatform()
            .start(
                () ->
                    outcome.complete(runtime.run(task, new Execution(Duration.ZERO, lines::add))));
    await().atMost(Duration.ofSeconds(20)).until(() -> containersOf(task).size() == 1);
    runner.interrupt();
    assertThat(outcome.get(10, TimeUnit.SECONDS))
        .isEqualTo(new TaskOutcome.Failed("task interrupted"));
  }

  @Test
  void theTasksTimeoutCoversTheProbe() {
    TaskSpec spec = neverReady().toBuilder().timeout("2s").build();
    // The worker turns the task's timeout into the execution's (TaskExecutor).
    TaskOutcome outcome = runtime.run(task(spec), new Execution(Duration.ofSeconds(2), lines::add));
    assertThat(outcome).isEqualTo(new TaskOutcome.Failed("task timed out after 2s"));
  }

  @Test
  void orphanNetworksOfADeadNodeAreRemoved() {
    String dead = NODE + "-dead";
    docker
        .createNetworkCmd()
        .withName("tork-orphan-" + dead)
        .withLabels(Map.of(DockerRuntime.NODE_LABEL, dead))
        .exec();
    runtime.removeOrphansOf(dead);
    DockerTestSupport.assertNothingLabelled(docker, dead);
  }

  /** A task whose sidecar runs but never answers its probe (nothing listens on port 9). */
  private static TaskSpec neverReady() {
    return withSidecars(
        "true", SidecarSpec.of("never", IMAGE, "sleep 60").withProbe(new ProbeSpec("/", 9, "1m")));
  }

  private static List<Container> containersOf(Task task) {
    return docker
        .listContainersCmd()
        .withLabelFilter(Map.of(DockerRuntime.TASK_LABEL, task.id()))
        .exec();
  }

  private TaskOutcome run(TaskSpec spec) {
    return runtime.run(task(spec), new Execution(Duration.ZERO, lines::add));
  }
}
