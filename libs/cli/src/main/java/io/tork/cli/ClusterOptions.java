package io.tork.cli;

import io.tork.kafka.KafkaClients;
import io.tork.model.Topics;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * What every process of a distributed engine shares: where Kafka is, how to connect to it, and how
 * topics are named.
 */
public final class ClusterOptions {
  @Option(
      names = "--kafka",
      paramLabel = "SERVERS",
      description =
          "Kafka bootstrap servers, e.g. broker1:9092,broker2:9092 (default: bootstrap.servers of"
              + " --kafka-config).")
  public String kafka;

  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      description =
          "Kafka client properties for every client of this process (TLS, SASL: security.protocol,"
              + " sasl.mechanism, sasl.jaas.config, ssl.truststore.location...), a properties file"
              + " as Kafka's own tools take.")
  public Path kafkaConfig;

  @Option(
      names = "--topic-prefix",
      defaultValue = "tork.",
      description = "Prefix of every engine topic (default: ${DEFAULT-VALUE}).")
  public String topicPrefix;

  @Option(
      names = "--partitions",
      defaultValue = "12",
      description =
          "Partitions of the engine's topics when it creates them (default: ${DEFAULT-VALUE}).")
  public int partitions;

  @Option(
      names = "--replication-factor",
      defaultValue = "1",
      description =
          "Replication of the engine's topics when it creates them; 3 on a real cluster (default: ${DEFAULT-VALUE}).")
  public short replicationFactor;

  @Option(
      names = "--heartbeat-interval",
      defaultValue = "5s",
      converter = Cli.DurationConverter.class,
      description = "How often this node says it is alive (default: ${DEFAULT-VALUE}).")
  public Duration heartbeatInterval;

  /** A node silent this long is dead (OFFLINE): the given expiry, or three heartbeat intervals. */
  public Duration nodeExpiry(Duration given) {
    return given != null ? given : heartbeatInterval.multipliedBy(3);
  }

  /**
   * The Kafka clients these options describe.
   *
   * @throws StartupException naming what is wrong (no servers, an unreadable file, a bad value)
   */
  public KafkaClients clients() {
    try {
      return KafkaClients.load(kafka, kafkaConfig);
    } catch (IllegalArgumentException e) {
      throw new StartupException(e.getMessage());
    }
  }

  public Topics topics() {
    return new Topics(topicPrefix);
  }
}
