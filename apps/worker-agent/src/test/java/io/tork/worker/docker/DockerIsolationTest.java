package io.tork.worker.docker;

import static io.tork.worker.core.TaskFixtures.IMAGE;
import static io.tork.worker.core.TaskFixtures.aux;
import static io.tork.worker.core.TaskFixtures.task;
import static io.tork.worker.docker.DockerTestSupport.runningContainer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import io.tork.model.MountSpec;
import io.tork.model.Task;
import io.tork.model.TaskPolicy;
import io.tork.model.TaskSpec;
import io.tork.worker.core.Execution;
import io.tork.worker.core.IsolationPolicy;
import io.tork.worker.core.MountPolicy;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's isolation against the local engine: what a task may name (networks, images, bind
 * sources, by their real paths), and what every container gets, read back with {@code docker
 * inspect}.
 */
class DockerIsolationTest {
  @RegisterExtension static final DockerDaemon daemon = new DockerDaemon("docker-isolation-test-");

  private static final String NODE = daemon.node();
  private static final IsolationPolicy STRICT =
      new IsolationPolicy(
          new TaskPolicy(false, List.of("tork-allowed-net"), List.of("tork-test/*")),
          64,
          8L << 20,
          List.of("NET_RAW", "MKNOD"),
          List.of("SYS_NICE"));

  @TempDir static Path root;
  private static Path allowed;
  private static Path outside;
  private static DockerClient docker;
  private static DockerRuntime runtime;

  private final List<String> lines = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void connect() throws IOException {
    allowed = Files.createDirectories(root.resolve("allowed"));
    outside = Files.createDirectories(root.resolve("outside"));
    docker = daemon.client();
    runtime =
        new DockerRuntime(
            DockerTestSupport.client(),
            copying(root.resolve("files"))
                .mounts(new MountPolicy(true, List.of(allowed.toString())))
                .isolation(STRICT)
                .build());
  }

  /**
   * The options of a runtime that copies {@code /tork} in, its node directory under {@code root}.
   */
  private static Runtimes.Options.Builder copying(Path root) {
    return Runtimes.Options.builder(NODE).taskFiles(TaskFilesMode.COPY).workdir(root);
  }

  @AfterAll
  static void disconnect() throws IOException {
    runtime.close();
  }

  @AfterEach
  void nothingWrittenOutside() throws IOException {
    try (Stream<Path> written = Files.list(outside)) {
      assertThat(written).isEmpty();
    }
  }

  @Test
  void aLinkPlantedByOneTaskCannotBeBoundByTheNext() throws IOException {
    String plant =
        "ln -s %s /work/esc && ln -s ../outside /work/rel && ln -s /var/run /work/run"
            .formatted(outside);
    assertThat(run(withMounts(TaskSpec.of("t", IMAGE, plant), bind(allowed, "/work", false))))
        .isEqualTo(new TaskOutcome.Succeeded(""));
    assertThat(allowed.resolve("esc")).isSymbolicLink();

    for (String link : List.of("esc", "rel")) {
      Path source = allowed.resolve(link);
      TaskSpec spec = TaskSpec.of("t", IMAGE, "echo pwned > /x/pwned");
      assertThat(run(withMounts(spec, bind(source, "/x", false))))
          .isEqualTo(
              new TaskOutcome.Failed(
                  "mounts[0]: bind source '"
                      + source
                      + "' resolves to '"
                      + outside.toRealPath()
                      + "', which is not in this worker's allowed sources"));
    }
    TaskSpec socket = TaskSpec.of("t", IMAGE, "ls /x");
    TaskOutcome viaRun = run(withMounts(socket, bind(allowed.resolve("run"), "/x", false)));
    assertThat(((TaskOutcome.Failed) viaRun).error())
        .startsWith("mounts[0]: bind source '" + allowed.resolve("run") + "' resolves to '/")
        .endsWith("which is not in this worker's allowed sources");
    assertThat(lines).isEmpty(); // no container started
  }

  @Test
  void aLinkWithinTheAllowedSourceIsBoundAtItsRealPath() throws IOException {
    Path inside = Files.createDirectories(allowed.resolve("inside"));
    Path link = allowed.resolve("to-inside");
    Files.createSymbolicLink(link, inside);
    TaskSpec spec = TaskSpec.of("t", IMAGE, "echo -n kept > /x/file");
    assertThat(run(withMounts(spec, bind(link, "/x", false))))
        .isEqualTo(new TaskOutcome.Succeeded(""));
    assertThat(inside.resolve("file")).hasContent("kept");
  }

  @Test
  void aSourceSwappedForALinkAfterTheCheckIsRefusedBeforeTheNextContainer() throws IOException {
    Path sub = Files.createDirectories(allowed.resolve("swapped"));
    // The pre task replaces the second bind's source with a link out; the main task's container
    // would follow it.
    TaskSpec spec =
        withMounts(
            TaskSpec.builder()
                .name("t")
                .image(IMAGE)
                .run("echo pwned > /sub/pwned")
                .pre(
                    List.of(
                        aux(
                            "swap",
                            "rm -rf /all/swapped && ln -s %s /all/swapped".formatted(outside))))
                .build(),
            bind(allowed, "/all", false),
            bind(sub, "/sub", false));
    TaskOutcome outcome = run(spec);
    assertThat(outcome)
        .isEqualTo(
            new TaskOutcome.Failed(
                "bind source '"
                    + allowed.toRealPath().resolve("swapped")
                    + "' changed since it was checked: it now resolves to '"
                    + outside.toRealPath()
                    + "'"));
  }

  @Test
  void aMissingSourceIsRefusedAndNotCreated() {
    Path missing = allowed.resolve("missing");
    assertThat(run(withMounts(TaskSpec.of("t", IMAGE, "true"), bind(missing, "/x", false))))
        .isEqualTo(
            new TaskOutcome.Failed("mounts[0]: bind source '" + missing + "' does not exist"));
    assertThat(missing).doesNotExist();
  }

  @Test
  void aReadOnlyBindCannotBeWritten() throws IOException {
    Path data = Files.createDirectories(allowed.resolve("ro"));
    Files.writeString(data.resolve("in.txt"), "input");
    TaskSpec read = TaskSpec.of("t", IMAGE, "cat /ro/in.txt > $TORK_OUTPUT");
    assertThat(run(withMounts(read, bind(data, "/ro", true))))
        .isEqualTo(new TaskOutcome.Succeeded("input"));
    TaskOutcome write =
        run(withMounts(TaskSpec.of("t", IMAGE, "echo x > /ro/in.txt"), bind(data, "/ro", true)));
    assertThat(((TaskOutcome.Failed) write).error()).contains("Read-only file system");
    assertThat(data.resolve("in.txt")).hasContent("input");
  }

  @Test
  void volumeDriverOptionsAreRefusedWhereBindSourcesAreRestricted() {
    MountSpec hostRoot =
        new MountSpec(
            MountSpec.VOLUME,
            null,
            "/host",
            Map.of("type", "none", "o", "bind", "device", "/"),
            false);
    assertThat(run(withMounts(TaskSpec.of("t", IMAGE, "ls /host"), hostRoot)))
        .satisfies(
            outcome ->
                assertThat(((TaskOutcome.Failed) outcome).error())
                    .startsWith("mounts[0]: volume opts are Docker volume driver options"));
  }

  @Test
  void hostAndContainerNetworksAreRefusedBeforeAnyContainerStarts() {
    TaskSpec spec =
        TaskSpec.builder()
            .name("t")
            .image(IMAGE)
            .run("echo MAIN RAN")
            .pre(List.of(aux("p", "echo PRE RAN")))
            .networks(List.of("host"))
            .build();
    assertThat(run(spec))
        .isEqualTo(
            new TaskOutcome.Failed(
                "networks[0]: 'host' shares the network of the host and is not allowed"
                    + " (--allow-host-network allows it)"));
    assertThat(run(spec.toBuilder().networks(List.of("container:some-db")).build()))
        .isEqualTo(
            new TaskOutcome.Failed(
                "networks[0]: 'container:some-db' shares the network of another container and is"
                    + " not allowed (--allow-host-network allows it)"));
    // Named by its id, with no list of allowed networks to stop it first.
    DockerRuntime defaults = new DockerRuntime(docker, copying(root).build());
    String hostId = docker.inspectNetworkCmd().withNetworkId("host").exec().getId();
    TaskSpec byId = spec.toBuilder().networks(List.of(hostId.substring(0, 12))).build();
    assertThat(defaults.run(task(byId), new Execution(Duration.ZERO, lines::add)))
        .isEqualTo(
            new TaskOutcome.Failed(
                "networks[0]: '"
                    + hostId.substring(0, 12)
                    + "' is the host's network and is not allowed (--allow-host-network allows"
                    + " it)"));
    assertThat(run(spec.toBuilder().networks(List.of("other-net")).build()))
        .isEqualTo(
            new TaskOutcome.Failed(
                "networks[0]: 'other-net' is not one of the allowed networks [tork-allowed-net]"));
    assertThat(lines).isEmpty();
  }

  @Test
  void theHostNetworkRunsWhereTheWorkerAllowsIt() throws Exception {
    IsolationPolicy loose =
        new IsolationPolicy(
            new TaskPolicy(true, List.of(), List.of()), 64, 8L << 20, List.of(), List.of());
    // Shares the test's client: not closed here.
    DockerRuntime allowing = new DockerRuntime(docker, copying(root).isolation(loose).build());
    Task task =
        task(TaskSpec.of("t", IMAGE, "sleep 30").toBuilder().networks(List.of("host")).build());
    Execution execution = new Execution(Duration.ZERO, lines::add);
    CompletableFuture<TaskOutcome> outcome =
        CompletableFuture.supplyAsync(() -> allowing.run(task, execution));
    InspectContainerResponse running = awaitRunning(task);
    assertThat(running.getHostConfig().getNetworkMode()).isEqualTo("host");
    execution.cancel();
    assertThat(outcome.get(10, TimeUnit.SECONDS))
        .isEqualTo(new TaskOutcome.Failed("task cancelled"));
  }

  @Test
  void anImageOutsideTheAllowedListIsRefusedBeforeAnyContainerStarts() {
    assertThat(run(TaskSpec.of("t", "alpine:3.18.3", "echo RAN")))
        .isEqualTo(
            new TaskOutcome.Failed(
                "image: 'alpine:3.18.3' is not one of the allowed images [tork-test/*]"));
    TaskSpec preElsewhere =
        TaskSpec.builder()
            .name("t")
            .image(IMAGE)
            .run("echo RAN")
            .pre(
                List.of(
                    new io.tork.model.AuxTaskSpec("p", null, "ubuntu:mantic", "true", null, null)))
            .build();
    assertThat(run(preElsewhere))
        .isEqualTo(
            new TaskOutcome.Failed(
                "pre[0].image: 'ubuntu:mantic' is not one of the allowed images [tork-test/*]"));
    assertThat(lines).isEmpty();
  }

  @Test
  void aTmpfsOverTheCapIsRefused() {
    MountSpec big = new MountSpec(MountSpec.TMPFS, null, "/big", Map.of("size", "1g"), false);
    assertThat(run(withMounts(TaskSpec.of("t", IMAGE, "true"), big)))
        .isEqualTo(
            new TaskOutcome.Failed(
                "mounts[0]: tmpfs size 1g is over this worker's limit of 8388608 bytes"
                    + " (--max-tmpfs-size)"));
  }

  @Test
  void everyContainerIsHardenedPreTasksToo() throws Exception {
    MountSpec scratch = new MountSpec(MountSpec.TMPFS, null, "/scratch", Map.of(), false);
    MountSpec small =
        new MountSpec(MountSpec.TMPFS, null, "/small", Map.of("size", "1m", "mode", "1777"), false);
    for (boolean pre : List.of(true, false)) {
      TaskSpec spec =
          withMounts(
              TaskSpec.builder()
                  .name("t")
                  .image(IMAGE)
                  .run(pre ? "true" : "sleep 30")
                  .pre(pre ? List.of(aux("p", "sleep 30")) : List.of())
                  .build(),
              scratch,
              small);
      Task task = task(spec);
      Execution execution = new Execution(Duration.ZERO, lines::add);
      CompletableFuture<TaskOutcome> outcome =
          CompletableFuture.supplyAsync(() -> runtime.run(task, execution));
      HostConfig host;
      try {
        host = awaitRunning(task).getHostConfig();
      } finally {
        execution.cancel(); // read back while it runs; stopped whatever the assertions say
      }
      assertThat(host.getSecurityOpts()).containsExactly("no-new-privileges");
      assertThat(host.getPrivileged()).isFalse();
      assertThat(host.getPidsLimit()).isEqualTo(64L);
      assertThat(host.getLogConfig().getType().getType())
          .as("no log on the engine's disk: the worker attaches to the output (ADR 36)")
          .isEqualTo("none");
      assertThat(host.getTmpFs())
          .containsEntry("/scratch", "size=" + (8L << 20))
          .containsEntry("/small", "size=" + (1L << 20) + ",mode=1777");
      assertThat(host.getCapDrop()).containsExactlyInAnyOrder(Capability.NET_RAW, Capability.MKNOD);
      assertThat(host.getCapAdd()).containsExactly(Capability.SYS_NICE);
      assertThat(outcome.get(10, TimeUnit.SECONDS))
          .isEqualTo(new TaskOutcome.Failed("task cancelled"));
    }
  }

  @Test
  void theKernelAppliesThem() {
    // NoNewPrivs set; NET_RAW (bit 13) and MKNOD (bit 27) gone from the effective set.
    TaskOutcome outcome =
        run(
            TaskSpec.of(
                "t",
                IMAGE,
                "grep NoNewPrivs /proc/self/status | tr -d ' \\t' > $TORK_OUTPUT;"
                    + " grep CapEff /proc/self/status | cut -f2 >> $TORK_OUTPUT"));
    String[] status = ((TaskOutcome.Succeeded) outcome).result().split("\n");
    assertThat(status[0]).isEqualTo("NoNewPrivs:1");
    long effective = Long.parseLong(status[1].strip(), 16);
    assertThat(effective & (1L << 13)).isZero();
    assertThat(effective & (1L << 27)).isZero();
    assertThat(effective & (1L << 23)).as("SYS_NICE added").isNotZero();

    TaskOutcome forks = run(TaskSpec.of("t", IMAGE, "for i in $(seq 100); do sleep 30 & done"));
    assertThat(((TaskOutcome.Failed) forks).error()).contains("can't fork");
  }

  @Test
  void aLargeLogStillArrivesWhole() {
    // The engine's file (8 MiB here) holds about 4.9 MB of it: every line arrives, none twice.
    AtomicInteger count = new AtomicInteger();
    AtomicInteger total = new AtomicInteger();
    AtomicReference<String> last = new AtomicReference<>("");
    Execution execution =
        new Execution(
            Duration.ZERO,
            line -> {
              total.incrementAndGet();
              if (line.equals(String.valueOf(count.get() + 1))) {
                count.incrementAndGet();
              }
              last.set(line);
            });
    TaskOutcome outcome = runtime.run(task(TaskSpec.of("t", IMAGE, "seq 1 150000")), execution);
    assertThat(outcome).isEqualTo(new TaskOutcome.Succeeded(""));
    assertThat(count.get()).as("lines in order, none missing").isEqualTo(150_000);
    assertThat(total.get()).as("none twice").isEqualTo(150_000);
    assertThat(last.get()).isEqualTo("150000");
  }

  private InspectContainerResponse awaitRunning(Task task) {
    return await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> runningContainer(docker, task), Optional::isPresent)
        .orElseThrow();
  }

  private static MountSpec bind(Path source, String target, boolean readonly) {
    return new MountSpec(MountSpec.BIND, source.toString(), target, null, readonly);
  }

  private static TaskSpec withMounts(TaskSpec spec, MountSpec... mounts) {
    return spec.toBuilder().mounts(List.of(mounts)).build();
  }

  private TaskOutcome run(TaskSpec spec) {
    return runtime.run(task(spec), new Execution(Duration.ZERO, lines::add));
  }
}
