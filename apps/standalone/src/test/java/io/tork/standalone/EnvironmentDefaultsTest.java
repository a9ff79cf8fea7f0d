package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tork.cli.EnvironmentDefaults;
import io.tork.worker.cli.WorkerCommand;
import io.tork.worker.core.TaskFilesMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EnvironmentDefaultsTest {
  @TempDir Path dir;

  private static WorkerCommand parseWorker(Map<String, String> env, String... args) {
    CommandLine commandLine = new CommandLine(new Main());
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
  void aMissingConfigFileNamedByTheEnvironmentIsAnError() {
    assertThatThrownBy(
            () -> new EnvironmentDefaults(Map.of("TORK_CONFIG", dir.resolve("nope").toString())))
        .hasMessageContaining("does not exist");
  }

  @Test
  void envNamesFollowTheFlags() {
    assertThat(EnvironmentDefaults.envName("node-expiry")).isEqualTo("TORK_NODE_EXPIRY");
  }
}
