package io.tork.gateway.kafka;

import io.tork.model.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Queue sizes straight from Kafka: a queue is a topic, its workers a consumer group of the same
 * name; its size is what the group has not taken yet (end offsets minus committed offsets).
 */
public final class QueueStats implements AutoCloseable {
  /** One queue, as {@code GET /queues} shows it. */
  public record QueueInfo(String name, long size, int subscribers) {}

  private final Admin admin;
  private final Topics topics;

  public QueueStats(String bootstrapServers, Topics topics) {
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    this.topics = topics;
  }

  /** Every queue, by name. Blocks on the Admin API (call off the event loop). */
  public List<QueueInfo> all() throws InterruptedException {
    String prefix = topics.queue("");
    try {
      List<String> names =
          admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
              .filter(t -> t.startsWith(prefix))
              .sorted()
              .toList();
      if (names.isEmpty()) {
        return List.of();
      }
      Map<String, TopicDescription> described =
          admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
      Map<String, ConsumerGroupDescription> groups =
          admin.describeConsumerGroups(names).all().get(10, TimeUnit.SECONDS);
      List<QueueInfo> out = new ArrayList<>();
      Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
      for (String topic : names) {
        String name = topic.substring(prefix.length());
        long size = 0;
        // The queue's workers are one group (named after the base topic) over all its bands.
        for (String band : topics.queueBands(name)) {
          if (existing.contains(band)) {
            TopicDescription description =
                band.equals(topic)
                    ? described.get(topic)
                    : admin
                        .describeTopics(List.of(band))
                        .allTopicNames()
                        .get(10, TimeUnit.SECONDS)
                        .get(band);
            size += size(band, topic, description);
          }
        }
        out.add(
            new QueueInfo(
                name, size, groups.containsKey(topic) ? groups.get(topic).members().size() : 0));
      }
      return out;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read queues: " + e.getMessage(), e);
    }
  }

  private long size(String topic, String group, TopicDescription description)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    description
        .partitions()
        .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    var ends = admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(10, TimeUnit.SECONDS);
    long size = 0;
    for (var end : ends.entrySet()) {
      OffsetAndMetadata done = committed.get(end.getKey());
      size += Math.max(0, end.getValue().offset() - (done == null ? 0 : done.offset()));
    }
    return size;
  }

  @Override
  public void close() {
    admin.close();
  }
}
