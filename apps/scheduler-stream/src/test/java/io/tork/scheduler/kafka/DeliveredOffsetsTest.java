package io.tork.scheduler.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class DeliveredOffsetsTest {
  private final TopicPartition p0 = new TopicPartition("w", 0);
  private final TopicPartition p1 = new TopicPartition("w", 1);
  private final DeliveredOffsets offsets = new DeliveredOffsets();

  @Test
  void aPartitionCommitsPastACallOnceItAndEveryCallBeforeItAreDone() {
    for (long o = 10; o < 14; o++) {
      offsets.read(p0, o);
    }
    offsets.read(p1, 0);
    offsets.done(p0, 11);
    offsets.done(p0, 13);
    offsets.done(p1, 0);
    // 10 is still under way: p0 commits nothing yet, p1 does (its slow neighbour holds only p0)
    assertThat(offsets.toCommit(Set.of(p0, p1))).containsOnlyKeys(p1);
    assertThat(offsets.toCommit(Set.of(p0, p1)).get(p1)).isEqualTo(new OffsetAndMetadata(1));
    offsets.committed(offsets.toCommit(Set.of(p0, p1)));
    assertThat(offsets.toCommit(Set.of(p0, p1))).isEmpty();
    offsets.done(p0, 10);
    assertThat(offsets.toCommit(Set.of(p0, p1))).containsEntry(p0, new OffsetAndMetadata(12));
    offsets.done(p0, 12);
    assertThat(offsets.toCommit(Set.of(p0))).containsEntry(p0, new OffsetAndMetadata(14));
  }

  @Test
  void aRevokedPartitionIsForgottenAndLateCallsChangeNothing() {
    offsets.read(p0, 5);
    offsets.forget(p0);
    offsets.done(p0, 5);
    assertThat(offsets.toCommit(Set.of(p0))).isEmpty();
  }
}
