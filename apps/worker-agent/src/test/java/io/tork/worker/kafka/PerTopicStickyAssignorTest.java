package io.tork.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PerTopicStickyAssignorTest {
  private static final List<String> BANDS = List.of("queue-p5.q", "queue-p1.q", "queue.q");
  private static final int PARTITIONS = 6;

  private final PerTopicStickyAssignor assignor = new PerTopicStickyAssignor();

  /** The members' owned partitions, as a cooperative group carries them from round to round. */
  private final Map<String, List<TopicPartition>> owned = new TreeMap<>();

  private int generation;

  @Test
  void everyMemberGetsItsShareOfEveryBand() {
    join("a", "b", "c");
    rebalance();

    owned.forEach(
        (member, partitions) -> {
          for (String band : BANDS) {
            assertThat(count(partitions, band)).as("%s of %s", member, band).isEqualTo(2L);
          }
        });
  }

  @Test
  void aMemberJoiningABusyGroupGetsPartitionsOfEveryBandAfterTheCooperativeRounds() {
    join("a", "b", "c");
    rebalance();
    Map<String, List<TopicPartition>> before = copy(owned);

    join("d");
    rebalance(); // round 1: partitions changing hands are only revoked
    assertThat(owned.get("d")).isEmpty();
    rebalance(); // round 2: the revoked partitions go to the new member

    for (String band : BANDS) {
      assertThat(count(owned.get("d"), band)).as("d of %s", band).isPositive();
      for (String member : owned.keySet()) {
        assertThat(count(owned.get(member), band)).as("%s of %s", member, band).isBetween(1L, 2L);
      }
    }
    // Sticky: the old members kept every partition they were not asked to give up.
    for (String member : List.of("a", "b", "c")) {
      assertThat(before.get(member)).containsAll(owned.get(member));
    }
    assertThat(all()).hasSize(BANDS.size() * PARTITIONS).doesNotHaveDuplicates();
  }

  @Test
  void aMemberLeavingHandsItsPartitionsOfEveryBandToTheOthers() {
    join("a", "b", "c");
    rebalance();
    owned.remove("b");
    rebalance();

    assertThat(all()).hasSize(BANDS.size() * PARTITIONS).doesNotHaveDuplicates();
    for (String band : BANDS) {
      assertThat(count(owned.get("a"), band)).isEqualTo(3L);
      assertThat(count(owned.get("c"), band)).isEqualTo(3L);
    }
  }

  private void join(String... members) {
    for (String member : members) {
      owned.put(member, new ArrayList<>());
    }
  }

  /** One rebalance round: every member subscribes to all bands, reporting what it owns. */
  private void rebalance() {
    Map<String, List<PartitionInfo>> partitionsPerTopic = new HashMap<>();
    for (String band : BANDS) {
      List<PartitionInfo> infos = new ArrayList<>();
      for (int p = 0; p < PARTITIONS; p++) {
        infos.add(new PartitionInfo(band, p, null, null, null));
      }
      partitionsPerTopic.put(band, infos);
    }
    Map<String, Subscription> subscriptions = new HashMap<>();
    owned.forEach(
        (member, partitions) ->
            subscriptions.put(
                member, new Subscription(BANDS, null, partitions, generation, Optional.empty())));
    Map<String, List<TopicPartition>> assigned =
        assignor.assignPartitions(partitionsPerTopic, subscriptions);
    generation++;
    owned.replaceAll((member, partitions) -> new ArrayList<>(assigned.get(member)));
  }

  private List<TopicPartition> all() {
    return owned.values().stream().flatMap(List::stream).toList();
  }

  private static long count(List<TopicPartition> partitions, String topic) {
    return partitions.stream().filter(tp -> tp.topic().equals(topic)).count();
  }

  private static Map<String, List<TopicPartition>> copy(Map<String, List<TopicPartition>> map) {
    Map<String, List<TopicPartition>> copy = new HashMap<>();
    map.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
    return copy;
  }
}
