package io.tork.worker.kafka;

import io.tork.model.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The priority bands of one queue's topics (0, 1, 5: see {@link Topics#queue(String, int)}), and
 * which of a poll's records a {@link QueueConsumer} may take: higher bands first, and a band only
 * while no higher band has tasks waiting. Not thread-safe: the consumer's thread only.
 */
final class PriorityBands {
  // How long a poll may wait for the higher bands' end offsets after a pause (see lowestToTake).
  private static final Duration LAG_QUERY = Duration.ofMillis(500);

  private final Map<String, Integer> bands = new HashMap<>();

  /** Whether the partitions were paused since the last look at the higher bands' backlog. */
  private boolean lagStale = true;

  PriorityBands(Topics topics, String queue) {
    for (int priority : List.of(9, 1, 0)) {
      bands.put(topics.queue(queue, priority), Topics.priorityBand(priority));
    }
  }

  /** The consumer's partitions were paused: their lags are old from now on. */
  void paused() {
    lagStale = true;
  }

  int of(ConsumerRecord<String, byte[]> record) {
    return bands.getOrDefault(record.topic(), 0);
  }

  private int of(TopicPartition partition) {
    return bands.getOrDefault(partition.topic(), 0);
  }

  /** The records of a poll, higher bands first; within a partition, offset order. */
  List<ConsumerRecord<String, byte[]>> highestFirst(ConsumerRecords<String, byte[]> records) {
    List<ConsumerRecord<String, byte[]>> byBand = new ArrayList<>();
    records.forEach(byBand::add);
    // The sort is stable.
    byBand.sort(Comparator.comparingInt((ConsumerRecord<String, byte[]> r) -> of(r)).reversed());
    return byBand;
  }

  /**
   * Priority: records of a band are taken only while no higher band of this worker's partitions has
   * tasks waiting beyond what this poll returned. The backlog is the consumer's own lag, which its
   * fetches keep fresh; a partition whose lag is not known yet (just assigned: the consumer asks
   * for it in the background) counts as waiting, so the lower bands wait a poll or two. After the
   * partitions were paused the lags are old, and the broker is asked once, briefly.
   */
  int lowestToTake(Consumer<String, byte[]> consumer, ConsumerRecords<String, byte[]> records) {
    int lowestPolled = Integer.MAX_VALUE;
    for (ConsumerRecord<String, byte[]> record : records) {
      lowestPolled = Math.min(lowestPolled, of(record));
    }
    List<TopicPartition> higher = new ArrayList<>();
    for (TopicPartition partition : consumer.assignment()) {
      if (of(partition) > lowestPolled) {
        higher.add(partition);
      }
    }
    if (higher.isEmpty()) {
      return lowestPolled;
    }
    int lowest = lowestPolled;
    if (lagStale) {
      lagStale = false;
      try {
        Map<TopicPartition, Long> ends = consumer.endOffsets(higher, LAG_QUERY);
        for (TopicPartition partition : higher) {
          Long end = ends.get(partition);
          if (end != null && end > consumer.position(partition)) {
            lowest = Math.max(lowest, of(partition));
          }
        }
        return lowest;
      } catch (TimeoutException e) {
        // The broker is slow to answer: go by the consumer's lags, old as they may be.
      }
    }
    for (TopicPartition partition : higher) {
      var lag = consumer.currentLag(partition);
      if (lag.isEmpty() || lag.getAsLong() > 0) {
        lowest = Math.max(lowest, of(partition));
      }
    }
    return lowest;
  }
}
