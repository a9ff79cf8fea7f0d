package io.tork.cli;

import io.tork.model.Topics;
import java.time.Duration;
import picocli.CommandLine.Option;

/** What every process of a distributed engine shares: where Kafka is and how topics are named. */
public final class ClusterOptions {
  @Option(
      names = "--kafka",
      required = true,
      paramLabel = "SERVERS",
      description = "Kafka bootstrap servers, e.g. broker1:9092,broker2:9092.")
  public String kafka;

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

  public Topics topics() {
    return new Topics(topicPrefix);
  }
}
