package io.tork.scheduler.kafka;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets of each partition may be committed while calls end in any order: a partition's
 * committed offset moves past a call once it and every call before it has been delivered or given
 * up. A slow call holds back only its partition's offset (after a crash, what followed it is
 * delivered again: at least once), never the other calls. Thread-safe.
 */
final class DeliveredOffsets {
  private final Map<TopicPartition, ArrayDeque<Long>> pending = new HashMap<>();
  private final Map<TopicPartition, Set<Long>> done = new HashMap<>();
  private final Map<TopicPartition, Long> next = new HashMap<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();

  /** A record was read, in offset order within its partition. */
  synchronized void read(TopicPartition partition, long offset) {
    pending.computeIfAbsent(partition, p -> new ArrayDeque<>()).addLast(offset);
    done.computeIfAbsent(partition, p -> new HashSet<>());
  }

  /** The record's call was delivered, given up, or not to be made at all. */
  synchronized void done(TopicPartition partition, long offset) {
    Set<Long> finished = done.get(partition);
    if (finished == null) {
      return; // the partition was revoked meanwhile: its new owner delivers the record again
    }
    finished.add(offset);
    ArrayDeque<Long> queue = pending.get(partition);
    while (!queue.isEmpty() && finished.remove(queue.peekFirst())) {
      next.put(partition, queue.pollFirst() + 1);
    }
  }

  /** The offsets to commit now (those moved since the last commit), for {@code partitions}. */
  synchronized Map<TopicPartition, OffsetAndMetadata> toCommit(Set<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    next.forEach(
        (partition, offset) -> {
          if (partitions.contains(partition) && !offset.equals(committed.get(partition))) {
            out.put(partition, new OffsetAndMetadata(offset));
          }
        });
    return out;
  }

  /** {@code offsets} were committed. */
  synchronized void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach((partition, offset) -> committed.put(partition, offset.offset()));
  }

  /** The partition is no longer this consumer's: forget it. */
  synchronized void forget(TopicPartition partition) {
    pending.remove(partition);
    done.remove(partition);
    next.remove(partition);
    committed.remove(partition);
  }
}
