package io.tork.scheduler.kafka;

import io.tork.kafka.KafkaClients;
import io.tork.model.Topics;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to run the scheduler.
 *
 * @param kafka the clients it makes (Kafka Streams', its admin client, heartbeats, webhooks), with
 *     the process's connection settings and meters
 * @param commitInterval the exactly-once commit interval: output becomes visible at commit, so this
 *     bounds the latency each transition adds
 * @param standbyReplicas warm copies of the stores on other instances, for fast fail-over
 * @param nodeExpiry a worker silent for this long is dead: its tasks run again elsewhere
 * @param heartbeatInterval how often this instance says it is alive
 * @param instanceId this instance's stable name in the consumer group (static membership): a
 *     restarted instance takes its place back at once, without a rebalance or a session timeout
 */
public record SchedulerSettings(
    KafkaClients kafka,
    Topics topics,
    String applicationId,
    Path stateDir,
    int partitions,
    short replicationFactor,
    int standbyReplicas,
    Duration commitInterval,
    Duration nodeExpiry,
    Duration heartbeatInterval,
    String instanceId) {

  public static SchedulerSettings standalone(String bootstrapServers, Path stateDir) {
    return standalone(KafkaClients.to(bootstrapServers), stateDir);
  }

  public static SchedulerSettings standalone(KafkaClients kafka, Path stateDir) {
    return new SchedulerSettings(
        kafka,
        Topics.DEFAULT,
        "tork-scheduler",
        stateDir,
        12,
        (short) 1,
        0,
        Duration.ofMillis(10),
        Duration.ofSeconds(15),
        Duration.ofSeconds(5),
        "standalone");
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }
}
