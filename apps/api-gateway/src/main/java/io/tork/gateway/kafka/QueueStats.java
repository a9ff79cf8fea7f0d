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
import org.apache.kafka.common.errors.GroupIdNotFoundException;

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
      Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
      List<String> names = existing.stream().filter(t -> t.startsWith(prefix)).sorted().toList();
      if (names.isEmpty()) {
        return List.of();
      }
      // A queue is every band topic of its name: the base topic and the priority bands.
      List<String> bands =
          names.stream()
              .flatMap(topic -> topics.queueBands(topic.substring(prefix.length())).stream())
              .filter(existing::contains)
              .distinct()
              .toList();
      Map<String, TopicDescription> described =
          admin.describeTopics(bands).allTopicNames().get(10, TimeUnit.SECONDS);
      List<QueueInfo> out = new ArrayList<>();
      for (String topic : names) {
        String name = topic.substring(prefix.length());
        Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets(topic);
        long size = 0;
        for (String band : topics.queueBands(name)) {
          if (described.containsKey(band)) {
            size += size(band, described.get(band), committed);
          }
        }
        out.add(new QueueInfo(name, size, subscribers(topic)));
      }
      return out;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read queues: " + e.getMessage(), e);
    }
  }

  /**
   * The members of the queue's consumer group (named after its base topic); a group no worker has
   * ever joined has none.
   */
  private int subscribers(String group)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      ConsumerGroupDescription description =
          admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
      return description == null ? 0 : description.members().size();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return 0;
      }
      throw e;
    }
  }

  /** What the queue's workers have taken so far; nothing for a group that never committed. */
  private Map<TopicPartition, OffsetAndMetadata> committedOffsets(String group)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      return admin
          .listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata()
          .get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return Map.of();
      }
      throw e;
    }
  }

  private long size(
      String topic, TopicDescription description, Map<TopicPartition, OffsetAndMetadata> committed)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    description
        .partitions()
        .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    var ends = admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
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
