package io.tork.standalone;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one), running in this JVM:
 * Apache Kafka's own broker code, no separate install. Its log directory is formatted on first use
 * and reused afterwards, so topics, state-store changelogs and views survive restarts.
 */
final class EmbeddedKafka implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final KafkaRaftServer server;
  private final String bootstrapServers;

  private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Formats {@code dataDir} if needed and starts the broker.
   *
   * @param port the client port on 127.0.0.1; 0 picks a free one
   */
  static EmbeddedKafka start(Path dataDir, int port) {
    try {
      Files.createDirectories(dataDir);
      int clientPort = port == 0 ? freePort() : port;
      int controllerPort = freePort();
      KafkaConfig config = new KafkaConfig(properties(dataDir, clientPort, controllerPort), false);
      format(config, dataDir);
      KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
      server.startup();
      String bootstrap = "127.0.0.1:" + clientPort;
      log.atInfo()
          .addKeyValue("bootstrap", bootstrap)
          .addKeyValue("dir", dataDir)
          .log("embedded Kafka broker started");
      return new EmbeddedKafka(server, bootstrap);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded Kafka broker in " + dataDir, e);
    }
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  private static Map<String, String> properties(Path dir, int port, int controllerPort) {
    Map<String, String> p = new HashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dir.toAbsolutePath().toString());
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "6");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "6");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("num.partitions", "1");
    p.put("auto.create.topics.enable", "false");
    return p;
  }

  private static void format(KafkaConfig config, Path dir) {
    Formatter formatter =
        new Formatter()
            .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
            .setClusterId(clusterId(dir))
            .setNodeId(config.nodeId())
            .setControllerListenerName("CONTROLLER")
            .setMetadataLogDirectory(config.metadataLogDir())
            .setDirectories(List.of(dir.toAbsolutePath().toString()))
            .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
            .setIgnoreFormatted(true);
    try {
      formatter.run();
    } catch (Exception e) {
      throw new IllegalStateException("cannot format the Kafka log directory " + dir, e);
    }
  }

  /** The id this log directory was formatted with, or a new one for a fresh directory. */
  private static String clusterId(Path dir) {
    Path meta = dir.resolve("meta.properties");
    if (Files.exists(meta)) {
      java.util.Properties props = new java.util.Properties();
      try (var in = Files.newInputStream(meta)) {
        props.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + meta, e);
      }
      String id = props.getProperty("cluster.id");
      if (id != null && !id.isBlank()) {
        return id;
      }
    }
    return Uuid.randomUuid().toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    log.info("embedded Kafka broker stopped");
  }
}
