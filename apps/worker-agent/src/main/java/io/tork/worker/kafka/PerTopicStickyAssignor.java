package io.tork.worker.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka's cooperative sticky assignor, run once per topic. A queue has one topic per priority band,
 * consumed by one group; the stock assignor balances the total number of partitions a member owns,
 * so a worker joining a busy queue could be given only partitions of empty bands and take nothing.
 * Balancing each topic on its own gives every worker its share of every band, and keeps what the
 * stock assignor gives: sticky, and cooperative (a partition changing hands is first revoked from
 * its owner in one round, then assigned in the next; the others keep consuming meanwhile).
 */
public final class PerTopicStickyAssignor extends CooperativeStickyAssignor {

  @Override
  public String name() {
    return "tork-per-topic-cooperative-sticky";
  }

  @Override
  public Map<String, List<TopicPartition>> assignPartitions(
      Map<String, List<PartitionInfo>> partitionsPerTopic,
      Map<String, Subscription> subscriptions) {
    Map<String, List<TopicPartition>> assignment = new HashMap<>();
    subscriptions.keySet().forEach(member -> assignment.put(member, new ArrayList<>()));
    partitionsPerTopic.forEach(
        (topic, partitions) -> {
          Map<String, Subscription> toTopic = new HashMap<>();
          subscriptions.forEach(
              (member, subscription) -> {
                if (subscription.topics().contains(topic)) {
                  toTopic.put(member, only(topic, subscription));
                }
              });
          if (!toTopic.isEmpty()) {
            super.assignPartitions(Map.of(topic, partitions), toTopic)
                .forEach((member, owned) -> assignment.get(member).addAll(owned));
          }
        });
    return assignment;
  }

  private static Subscription only(String topic, Subscription subscription) {
    return new Subscription(
        List.of(topic),
        subscription.userData(),
        subscription.ownedPartitions().stream().filter(tp -> tp.topic().equals(topic)).toList(),
        subscription.generationId().orElse(-1),
        subscription.rackId());
  }
}
