package io.tork.gateway;

import io.tork.model.TaskPolicy;
import io.tork.model.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The gateway's settings ({@code tork.*} properties or {@code TORK_*} environment variables).
 *
 * @param bootstrapServers the Kafka cluster
 * @param topicPrefix the prefix of every engine topic
 * @param catchUpTimeout how long a read of an unknown id waits for the view to catch up before
 *     answering 404
 * @param nodeExpiry a node silent this long shows as OFFLINE
 * @param heartbeatInterval how often this gateway says it is alive
 * @param maxBodySize the largest request body read; a larger one is answered 413
 * @param allowHostNetwork whether a task may name the {@code host} or a {@code container:} network
 * @param allowedNetworks when not empty, the only networks a task may name
 * @param allowedImages when not empty, globs every image a task names must match
 * @param stateDir where the gateway keeps its view of the jobs (one gateway per directory)
 * @param jobRetention how long the view keeps a job after it ended
 * @param logRetention how long the view keeps a log part
 */
@ConfigurationProperties("tork")
public record GatewaySettings(
    @DefaultValue("localhost:9092") String bootstrapServers,
    @DefaultValue("tork.") String topicPrefix,
    @DefaultValue("5s") Duration catchUpTimeout,
    @DefaultValue("15s") Duration nodeExpiry,
    @DefaultValue("5s") Duration heartbeatInterval,
    @DefaultValue("1MB") DataSize maxBodySize,
    @DefaultValue("false") boolean allowHostNetwork,
    @DefaultValue List<String> allowedNetworks,
    @DefaultValue List<String> allowedImages,
    @DefaultValue(".tork/gateway") Path stateDir,
    @DefaultValue("8760h") Duration jobRetention,
    @DefaultValue("168h") Duration logRetention) {

  public Topics topics() {
    return new Topics(topicPrefix);
  }

  /** What the workers let tasks name, as far as this gateway is told (docs/security.md). */
  public TaskPolicy taskPolicy() {
    return new TaskPolicy(allowHostNetwork, allowedNetworks, allowedImages);
  }
}
