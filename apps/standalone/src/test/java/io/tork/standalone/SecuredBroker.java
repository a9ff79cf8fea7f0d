package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A Kafka broker (KRaft, broker and controller in one JVM) with no plaintext listener for clients:
 * one listener takes SASL/PLAIN over plaintext, the other SASL/SCRAM-SHA-256 over TLS, with a
 * certificate this class makes with the JDK's {@code keytool} (valid for 127.0.0.1, trusted through
 * a truststore it makes too). The controller's own listener is KRaft's, on loopback.
 */
final class SecuredBroker implements AutoCloseable {
  static final String STORE_PASSWORD = "store-secret";
  static final String PLAIN_USER = "alice";
  static final String PLAIN_PASSWORD = "alice-secret";
  static final String SCRAM_USER = "bob";
  static final String SCRAM_PASSWORD = "bob-secret";

  private final Path dir;
  private final int saslPort;
  private final int tlsPort;
  private final ChildProcess process;

  private SecuredBroker(Path dir, int saslPort, int tlsPort, ChildProcess process) {
    this.dir = dir;
    this.saslPort = saslPort;
    this.tlsPort = tlsPort;
    this.process = process;
  }

  static SecuredBroker start(Path dir) throws Exception {
    ChildProcess.deleteTree(dir);
    Files.createDirectories(dir);
    certificates(dir);
    int sasl = ChildProcess.freePort();
    int tls = ChildProcess.freePort();
    int controller = ChildProcess.freePort();
    Path config = dir.resolve("server.properties");
    Files.writeString(config, serverProperties(dir, sasl, tls, controller));
    int formatted =
        ChildProcess.startMain(
                dir.resolve("format.log"),
                "kafka.tools.StorageTool",
                "format",
                "-t",
                UUID.randomUUID().toString().replace("-", "").substring(0, 22),
                "-c",
                config.toString(),
                "--add-scram",
                "SCRAM-SHA-256=[name=" + SCRAM_USER + ",password=" + SCRAM_PASSWORD + "]")
            .waitFor(Duration.ofSeconds(60));
    assertThat(formatted).as(Files.readString(dir.resolve("format.log"))).isZero();
    ChildProcess broker =
        ChildProcess.startMain(dir.resolve("broker.log"), "kafka.Kafka", config.toString());
    // Up once both client listeners take connections (the tests' logging hides Kafka's INFO).
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .failFast("the broker ended: " + dir.resolve("broker.log"), () -> !broker.isAlive())
        .until(() -> listens(sasl) && listens(tls));
    return new SecuredBroker(dir, sasl, tls, broker);
  }

  private static boolean listens(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A self-signed certificate for 127.0.0.1 in a keystore, and a truststore holding it. */
  private static void certificates(Path dir) throws Exception {
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    keytool(
        dir,
        List.of(
            keytool,
            "-genkeypair",
            "-alias",
            "broker",
            "-keyalg",
            "RSA",
            "-keysize",
            "2048",
            "-dname",
            "CN=localhost",
            "-ext",
            "SAN=ip:127.0.0.1,dns:localhost",
            "-validity",
            "2",
            "-keystore",
            dir.resolve("broker.p12").toString(),
            "-storetype",
            "PKCS12",
            "-storepass",
            STORE_PASSWORD,
            "-keypass",
            STORE_PASSWORD));
    keytool(
        dir,
        List.of(
            keytool,
            "-exportcert",
            "-alias",
            "broker",
            "-keystore",
            dir.resolve("broker.p12").toString(),
            "-storepass",
            STORE_PASSWORD,
            "-file",
            dir.resolve("broker.crt").toString()));
    keytool(
        dir,
        List.of(
            keytool,
            "-importcert",
            "-noprompt",
            "-alias",
            "broker",
            "-file",
            dir.resolve("broker.crt").toString(),
            "-keystore",
            truststore(dir).toString(),
            "-storetype",
            "PKCS12",
            "-storepass",
            STORE_PASSWORD));
  }

  private static void keytool(Path dir, List<String> command) {
    DockerCheck.Result result = DockerCheck.run(command);
    assertThat(result.exitCode()).as(String.join(" ", command) + "\n" + result.output()).isZero();
  }

  static Path truststore(Path dir) {
    return dir.resolve("truststore.p12");
  }

  private static String serverProperties(Path dir, int sasl, int tls, int controller) {
    String plainJaas =
        "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"broker\" password=\"broker-secret\""
            + " user_broker=\"broker-secret\" user_"
            + PLAIN_USER
            + "=\""
            + PLAIN_PASSWORD
            + "\";";
    return String.join(
        "\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controller,
        "listeners=SASL_PLAINTEXT://127.0.0.1:"
            + sasl
            + ",SASL_SSL://127.0.0.1:"
            + tls
            + ",CONTROLLER://127.0.0.1:"
            + controller,
        "advertised.listeners=SASL_PLAINTEXT://127.0.0.1:" + sasl + ",SASL_SSL://127.0.0.1:" + tls,
        "listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,"
            + "CONTROLLER:PLAINTEXT",
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=SASL_PLAINTEXT",
        "sasl.mechanism.inter.broker.protocol=PLAIN",
        "sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256",
        "listener.name.sasl_plaintext.sasl.enabled.mechanisms=PLAIN",
        "listener.name.sasl_plaintext.plain.sasl.jaas.config=" + plainJaas,
        "listener.name.sasl_ssl.sasl.enabled.mechanisms=SCRAM-SHA-256",
        "listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config="
            + "org.apache.kafka.common.security.scram.ScramLoginModule required;",
        "ssl.keystore.type=PKCS12",
        "ssl.keystore.location=" + dir.resolve("broker.p12"),
        "ssl.keystore.password=" + STORE_PASSWORD,
        "ssl.key.password=" + STORE_PASSWORD,
        "log.dirs=" + dir.resolve("data"),
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=6",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "transaction.state.log.num.partitions=6",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "auto.create.topics.enable=false",
        "");
  }

  /** The client settings of the SASL/PLAIN listener (over plaintext), as a --kafka-config file. */
  Path saslPlainClientConfig() throws Exception {
    Path file = dir.resolve("sasl-plain.properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "bootstrap.servers=127.0.0.1:" + saslPort,
            "security.protocol=SASL_PLAINTEXT",
            "sasl.mechanism=PLAIN",
            "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\""
                + PLAIN_USER
                + "\" password=\""
                + PLAIN_PASSWORD
                + "\";",
            ""));
    return file;
  }

  /** The client settings of the SASL/SCRAM listener over TLS, as a --kafka-config file. */
  Path scramTlsClientConfig() throws Exception {
    Path file = dir.resolve("scram-tls.properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "bootstrap.servers=127.0.0.1:" + tlsPort,
            "security.protocol=SASL_SSL",
            "sasl.mechanism=SCRAM-SHA-256",
            "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\""
                + SCRAM_USER
                + "\" password=\""
                + SCRAM_PASSWORD
                + "\";",
            "ssl.truststore.type=PKCS12",
            "ssl.truststore.location=" + truststore(dir),
            "ssl.truststore.password=" + STORE_PASSWORD,
            ""));
    return file;
  }

  /** Where a client that speaks plaintext would try first. */
  String saslListener() {
    return "127.0.0.1:" + saslPort;
  }

  String tlsListener() {
    return "127.0.0.1:" + tlsPort;
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
