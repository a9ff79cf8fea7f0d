package io.tork.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tork.cli.Cli;
import io.tork.cli.EnvironmentDefaults;
import io.tork.cli.StartupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tork gateway}'s flags become the gateway's settings. */
class GatewayCommandTest {
  private static GatewayCommand parse(String... args) {
    GatewayCommand command = new GatewayCommand();
    Cli.commandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void theBodyLimitStateDirAndRetentionReachTheGateway() {
    GatewayCommand command =
        parse(
            "--kafka",
            "b:9092",
            "--port",
            "3100",
            "--max-body-size",
            "2m",
            "--state-dir",
            "/var/lib/tork/g1",
            "--job-retention",
            "720h",
            "--log-retention",
            "24h");
    assertThat(command.springArgs())
        .contains(
            "--server.port=3100",
            "--tork.max-body-size=2097152B",
            "--tork.state-dir=/var/lib/tork/g1",
            "--tork.job-retention=2592000000ms",
            "--tork.log-retention=86400000ms");
  }

  @Test
  void byDefaultTorksRetentionAndAStateDirPerUserAndPort() {
    GatewayCommand command = parse("--kafka", "b:9092", "--port", "3100");
    assertThat(command.springArgs())
        .contains(
            "--tork.max-body-size=1048576B",
            "--tork.job-retention=31536000000ms",
            "--tork.log-retention=604800000ms");
    assertThat(GatewayCommand.defaultStateDir(Map.of(), "/home/u", 3100))
        .isEqualTo(Path.of("/home/u/.local/state/tork/gateway-3100"));
    assertThat(GatewayCommand.defaultStateDir(Map.of("XDG_STATE_HOME", "/s"), "/home/u", 3000))
        .isEqualTo(Path.of("/s/tork/gateway-3000"));
    assertThat(GatewayCommand.defaultStateDir(Map.of("XDG_STATE_HOME", "rel"), "/home/u", 3000))
        .as("a relative XDG_STATE_HOME is ignored, as the spec says")
        .isEqualTo(Path.of("/home/u/.local/state/tork/gateway-3000"));
  }

  @Test
  void theApiListensOnLoopbackWithAuthenticationOffByDefault() {
    assertThat(parse("--kafka", "b:9092").springArgs())
        .contains("--server.address=127.0.0.1", "--tork.security.rate-limit=0")
        .noneMatch(a -> a.startsWith("--tork.security.api-keys"));
  }

  @Test
  void keysFromFlagsAndAFileTurnAuthenticationOn(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keys");
    Files.writeString(file, "# the ops team's\nfile-key-0123456789\n\n");
    GatewayCommand command =
        parse(
            "--kafka",
            "b:9092",
            "--host",
            "0.0.0.0",
            "--api-key",
            "flag-key-0123456789",
            "--api-keys-file",
            file.toString(),
            "--rate-limit",
            "--cors-origin",
            "https://ui.example.com");
    assertThat(command.springArgs())
        .contains(
            "--server.address=0.0.0.0",
            "--tork.security.api-keys=flag-key-0123456789,file-key-0123456789",
            "--tork.security.rate-limit=20",
            "--tork.security.cors-origins=https://ui.example.com");
    assertThat(parse("--kafka", "b", "--rate-limit=5").springArgs())
        .contains("--tork.security.rate-limit=5");
  }

  @Test
  void offLoopbackWithoutAKeyItRefusesToStartUnlessToldToRunOpen() {
    assertThatThrownBy(() -> parse("--kafka", "b:9092", "--host", "0.0.0.0").springArgs())
        .isInstanceOf(StartupException.class)
        .hasMessageStartingWith("refusing to serve the API on 0.0.0.0 without authentication");
    assertThat(parse("--kafka", "b:9092", "--host", "0.0.0.0", "--insecure-no-auth").springArgs())
        .contains("--server.address=0.0.0.0");
    assertThat(parse("--kafka", "b:9092", "--host", "localhost").springArgs())
        .contains("--server.address=localhost");
  }

  @Test
  void aShortKeyIsRefused() {
    assertThatThrownBy(() -> parse("--kafka", "b", "--api-key", "short").springArgs())
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("at least 16 printable characters");
  }

  @Test
  void keysComeFromTheEnvironmentCommaSeparated() {
    GatewayCommand command = new GatewayCommand();
    var line = Cli.commandLine(command);
    line.setDefaultValueProvider(
        new EnvironmentDefaults(Map.of("TORK_API_KEY", "env-key-0123456789a,env-key-0123456789b")));
    line.parseArgs("--kafka", "b");
    assertThat(command.springArgs())
        .contains("--tork.security.api-keys=env-key-0123456789a,env-key-0123456789b");
  }

  @Test
  void theKafkaConfigFileBecomesSpringKafkaPropertiesAndNamesTheCluster(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("kafka.properties");
    Files.writeString(
        file, "bootstrap.servers=secure:9093\nsecurity.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n");
    GatewayCommand command = parse("--kafka-config", file.toString(), "--port", "3100");
    assertThat(command.springArgs()).contains("--tork.bootstrap-servers=secure:9093");
    assertThat(GatewayCommand.kafkaProperties(command.cluster.clients()))
        .containsExactly(
            Map.entry("spring.kafka.properties.sasl.mechanism", "PLAIN"),
            Map.entry("spring.kafka.properties.security.protocol", "SASL_SSL"));
  }
}
