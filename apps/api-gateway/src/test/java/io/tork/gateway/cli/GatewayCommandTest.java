package io.tork.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.cli.Cli;
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
