package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tork.cli.Cli;
import io.tork.cli.EnvironmentDefaults;
import io.tork.model.TaskPolicy;
import io.tork.scheduler.cli.SchedulerCommand;
import io.tork.worker.cli.WorkerCommand;
import io.tork.worker.core.IsolationPolicy;
import io.tork.worker.core.TaskFilesMode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EnvironmentDefaultsTest {
  @TempDir Path dir;

  private static WorkerCommand parseWorker(Map<String, String> env, String... args) {
    CommandLine commandLine = Cli.commandLine(new Main());
    commandLine.setDefaultValueProvider(new EnvironmentDefaults(env));
    CommandLine.ParseResult parsed = commandLine.parseArgs(args);
    return (WorkerCommand) parsed.subcommand().commandSpec().userObject();
  }

  @Test
  void optionsComeFromFlagsThenEnvironmentThenConfigFileThenDefaults() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("tork.properties"),
            "kafka=file:9092\nheartbeat-interval=2s\nqueue=video:1,default:2\n");
    Map<String, String> env = Map.of("TORK_CONFIG", config.toString(), "TORK_KAFKA", "env:9092");

    WorkerCommand fromEnv = parseWorker(env, "worker");
    assertThat(fromEnv.cluster.kafka).isEqualTo("env:9092");
    assertThat(fromEnv.cluster.heartbeatInterval).isEqualTo(Duration.ofSeconds(2));
    assertThat(Main.queues(fromEnv.queues)).containsEntry("video", 1).containsEntry("default", 2);
    assertThat(fromEnv.cluster.topicPrefix).isEqualTo("tork.");

    WorkerCommand fromFlags = parseWorker(env, "worker", "--kafka", "flag:9092", "--queue", "q:3");
    assertThat(fromFlags.cluster.kafka).isEqualTo("flag:9092");
    assertThat(Main.queues(fromFlags.queues)).containsOnlyKeys("q");
  }

  @Test
  void taskFilesIsAutoUnlessNamedAndABadValueIsRefused() {
    Map<String, String> env = Map.of("TORK_KAFKA", "b:9092");
    assertThat(parseWorker(env, "worker").mounts.taskFiles()).isEqualTo(TaskFilesMode.AUTO);
    assertThat(
            parseWorker(Map.of("TORK_KAFKA", "b:9092", "TORK_TASK_FILES", "copy"), "worker")
                .mounts
                .taskFiles())
        .isEqualTo(TaskFilesMode.COPY);
    assertThat(parseWorker(env, "worker", "--task-files", "bind").mounts.taskFiles())
        .isEqualTo(TaskFilesMode.BIND);
    assertThatThrownBy(() -> parseWorker(env, "worker", "--task-files", "tar"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("expected auto, bind or copy, got 'tar'");
  }

  @Test
  void isolationIsTheSafeDefaultAndFlagsOrTheEnvironmentLoosenIt() {
    Map<String, String> env = Map.of("TORK_KAFKA", "b:9092");
    assertThat(parseWorker(env, "worker").isolation.policy()).isEqualTo(IsolationPolicy.DEFAULT);
    assertThat(parseStandalone(Map.of(), "standalone").isolation.policy())
        .isEqualTo(IsolationPolicy.DEFAULT);

    IsolationPolicy byFlags =
        parseWorker(
                env,
                "worker",
                "--allow-host-network",
                "--allow-network",
                "a",
                "--allow-network",
                "b",
                "--allowed-image",
                "ubuntu:*",
                "--default-pids-limit",
                "0",
                "--max-tmpfs-size",
                "1g",
                "--cap-drop",
                "ALL",
                "--cap-add",
                "cap_chown,SETUID")
            .isolation
            .policy();
    assertThat(byFlags)
        .isEqualTo(
            new IsolationPolicy(
                new TaskPolicy(true, List.of("a", "b"), List.of("ubuntu:*")),
                0,
                1L << 30,
                List.of("ALL"),
                List.of("CHOWN", "SETUID")));

    IsolationPolicy byEnv =
        parseStandalone(
                Map.of(
                    "TORK_ALLOW_HOST_NETWORK", "true",
                    "TORK_ALLOWED_IMAGE", "ubuntu:*,alpine:*",
                    "TORK_CAP_DROP", "",
                    "TORK_DEFAULT_PIDS_LIMIT", "50"),
                "standalone")
            .isolation
            .policy();
    assertThat(byEnv.tasks())
        .isEqualTo(new TaskPolicy(true, List.of(), List.of("ubuntu:*", "alpine:*")));
    assertThat(byEnv.pidsLimit()).isEqualTo(50);
    assertThat(byEnv.capDrop()).isEmpty();
    assertThatThrownBy(() -> parseWorker(env, "worker", "--max-tmpfs-size", "lots"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("'lots' is not a size");
    assertThatThrownBy(() -> parseWorker(env, "worker", "--cap-add", "ROOT").isolation.policy())
        .hasMessage("--cap-add: 'ROOT' is not a Linux capability Docker knows");
    assertThatThrownBy(
            () -> parseWorker(env, "worker", "--default-pids-limit", "-1").isolation.policy())
        .hasMessage("--default-pids-limit: must be 0 (none) or more, got -1");
  }

  @Test
  void aMissingConfigFileNamedByTheEnvironmentIsAnError() {
    assertThatThrownBy(
            () -> new EnvironmentDefaults(Map.of("TORK_CONFIG", dir.resolve("nope").toString())))
        .hasMessageContaining("does not exist");
  }

  @Test
  void envNamesFollowTheFlags() {
    assertThat(EnvironmentDefaults.envName("node-expiry")).isEqualTo("TORK_NODE_EXPIRY");
  }

  private static Main.StandaloneCommand parseStandalone(Map<String, String> env, String... args) {
    CommandLine commandLine = Cli.commandLine(new Main());
    commandLine.setDefaultValueProvider(new EnvironmentDefaults(env));
    CommandLine.ParseResult parsed = commandLine.parseArgs(args);
    return (Main.StandaloneCommand) parsed.subcommand().commandSpec().userObject();
  }

  @Test
  void everyPathIsAbsoluteWhereverItCameFrom() {
    Path here = Path.of("").toAbsolutePath();
    Main.StandaloneCommand byDefault = parseStandalone(Map.of(), "standalone");
    assertThat(byDefault.dataDir).isEqualTo(here.resolve(".tork"));
    Main.StandaloneCommand byFlag =
        parseStandalone(Map.of(), "standalone", "--data-dir", "a/../b", "--workdir", "w");
    assertThat(byFlag.dataDir).isEqualTo(here.resolve("b"));
    assertThat(byFlag.workdir).isEqualTo(here.resolve("w"));
    Main.StandaloneCommand byEnv =
        parseStandalone(
            Map.of("TORK_DATA_DIR", "env-data", "TORK_BIND_SOURCE", "src"), "standalone");
    assertThat(byEnv.dataDir).isEqualTo(here.resolve("env-data"));
    assertThat(byEnv.mounts.policy().bindSources()).containsExactly(here.resolve("src").toString());

    WorkerCommand worker =
        parseWorker(Map.of("TORK_KAFKA", "b:9092", "TORK_WORKDIR", "rel"), "worker");
    assertThat(worker.workdir()).isEqualTo(here.resolve("rel"));
  }

  @Test
  void webhooksReachNoSpecialAddressUnlessTheSchedulerOrStandaloneAllowsIt() {
    assertThat(parseStandalone(Map.of(), "standalone").webhooks.targets())
        .hasToString("no special address");
    assertThat(
            parseStandalone(
                    Map.of(),
                    "standalone",
                    "--webhook-allow",
                    "127.0.0.1",
                    "--webhook-allow",
                    "10.0.0.0/8,hooks.internal")
                .webhooks
                .targets())
        .hasToString("127.0.0.1, 10.0.0.0/8, hooks.internal");
    CommandLine commandLine = Cli.commandLine(new Main());
    commandLine.setDefaultValueProvider(
        new EnvironmentDefaults(Map.of("TORK_KAFKA", "b:9092", "TORK_WEBHOOK_ALLOW", "fd00::/8")));
    SchedulerCommand scheduler =
        (SchedulerCommand)
            commandLine.parseArgs("scheduler").subcommand().commandSpec().userObject();
    assertThat(scheduler.webhooks.targets()).hasToString("fd00::/8");
    assertThatThrownBy(
            () -> parseStandalone(Map.of(), "standalone", "--webhook-allow", "10.0.0.1/8"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining(
            "'10.0.0.1/8' has bits set past its prefix (did you mean 10.0.0.0/8?)");
  }

  @Test
  void aWorkersDefaultWorkdirIsPrivateToItsUser() {
    assertThat(WorkerCommand.defaultWorkdir(Map.of(), "/home/ann"))
        .isEqualTo(Path.of("/home/ann/.local/state/tork/work"));
    assertThat(WorkerCommand.defaultWorkdir(Map.of("XDG_STATE_HOME", "/var/state"), "/home/ann"))
        .isEqualTo(Path.of("/var/state/tork/work"));
    assertThat(WorkerCommand.defaultWorkdir(Map.of("XDG_STATE_HOME", "relative"), "/home/ann"))
        .as("XDG: a relative value is ignored")
        .isEqualTo(Path.of("/home/ann/.local/state/tork/work"));
  }

  @Test
  void aBusyPortIsOneLineNamingTheFlagAndExitCodeOne() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      StringWriter err = new StringWriter();
      CommandLine commandLine = Main.commandLine();
      commandLine.setErr(new PrintWriter(err));
      int code =
          commandLine.execute(
              "standalone", "--port", "0", "--kafka-port", String.valueOf(busy.getLocalPort()));
      assertThat(code).isEqualTo(1);
      assertThat(err.toString().strip())
          .isEqualTo(
              "tork standalone: port "
                  + busy.getLocalPort()
                  + " (the embedded Kafka broker) is already in use on 127.0.0.1; choose another"
                  + " with --kafka-port, or --kafka-port 0 for any free port")
          .doesNotContain("\n");
    }
  }

  @Test
  void offLoopbackWithoutAnApiKeyStandaloneRefusesToStartInOneLine() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine();
    commandLine.setErr(new PrintWriter(err));
    int code = commandLine.execute("standalone", "--host", "0.0.0.0", "--port", "0");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip())
        .startsWith("tork standalone: refusing to serve the API on 0.0.0.0 without authentication")
        .doesNotContain("\n");
  }
}
