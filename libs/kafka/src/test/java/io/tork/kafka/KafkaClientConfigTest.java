package io.tork.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --kafka} and {@code --kafka-config}: what every client of a process is made with. */
class KafkaClientConfigTest {
  private static final String JAAS =
      "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\""
          + " password=\"p4ss\";";

  @TempDir Path dir;

  private Path file(String... lines) throws Exception {
    Path file = dir.resolve("kafka.properties");
    Files.writeString(file, String.join("\n", lines));
    return file;
  }

  @Test
  void theFilesPropertiesGoToEveryClientAndEachClientsOwnWin() throws Exception {
    KafkaClientConfig config =
        KafkaClientConfig.load(
            null,
            file(
                "bootstrap.servers=b1:9093,b2:9093",
                "security.protocol=SASL_SSL",
                "sasl.mechanism=SCRAM-SHA-512",
                "sasl.jaas.config=" + JAAS,
                "linger.ms=20"));
    assertThat(config.bootstrapServers()).isEqualTo("b1:9093,b2:9093");
    assertThat(config.with(Map.of("linger.ms", 0, "acks", "all")))
        .containsEntry("bootstrap.servers", "b1:9093,b2:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.jaas.config", JAAS)
        .containsEntry("linger.ms", 0)
        .containsEntry("acks", "all");
  }

  @Test
  void theFlagsServersWinOverTheFiles() throws Exception {
    KafkaClientConfig config =
        KafkaClientConfig.load("flag:9092", file("bootstrap.servers=file:9092"));
    assertThat(config.bootstrapServers()).isEqualTo("flag:9092");
    assertThat(config.properties()).doesNotContainKey("bootstrap.servers");
  }

  @Test
  void withNeitherServersNorFileTheErrorSaysWhatToGive() {
    assertThatThrownBy(() -> KafkaClientConfig.load(null, null))
        .hasMessageContaining("--kafka HOST:PORT")
        .hasMessageContaining("bootstrap.servers in the --kafka-config file");
  }

  @Test
  void aMissingFileOrAWrongValueIsRefusedNamingIt() throws Exception {
    assertThatThrownBy(() -> KafkaClientConfig.load("b:9092", dir.resolve("nope.properties")))
        .hasMessageContaining("nope.properties does not exist");
    assertThatThrownBy(() -> KafkaClientConfig.load("b:9092", file("security.protocol=SASL_TLS")))
        .hasMessageContaining("security.protocol");
    assertThatThrownBy(() -> KafkaClientConfig.load("b:9092", file("request.timeout.ms=soon")))
        .hasMessageContaining("request.timeout.ms");
  }

  @Test
  void keysTheEngineSetsOnEachClientAreRefused() throws Exception {
    assertThatThrownBy(
            () -> KafkaClientConfig.load("b:9092", file("group.id=mine", "client.id=me")))
        .hasMessageContaining("client.id, group.id")
        .hasMessageContaining("the engine sets these");
  }

  @Test
  void aValueAConfigProviderFillsInIsLeftToTheClients() throws Exception {
    KafkaClientConfig config =
        KafkaClientConfig.load(
            "b:9092",
            file(
                "config.providers=env",
                "config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider",
                "request.timeout.ms=${env:KAFKA_TIMEOUT}"));
    assertThat(config.properties()).containsEntry("request.timeout.ms", "${env:KAFKA_TIMEOUT}");
  }

  @Test
  void itsTextNamesKeysButNoValue() throws Exception {
    KafkaClientConfig config =
        KafkaClientConfig.load("b:9092", file("sasl.mechanism=PLAIN", "sasl.jaas.config=" + JAAS));
    assertThat(config.toString())
        .contains("b:9092", "sasl.jaas.config", "sasl.mechanism")
        .doesNotContain("p4ss")
        .doesNotContain("PLAIN");
    assertThat(KafkaClients.of(config).toString()).doesNotContain("p4ss");
  }
}
