package io.tork.scheduler.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteBatchTest {
  @Test
  void nothingRunsUntilTheBatchDoesThenAllInOrder() {
    List<String> done = new ArrayList<>();
    WriteBatch batch = new WriteBatch();
    batch.then(() -> done.add("a"));
    batch.taskWrite(() -> done.add("b"));
    batch.then(() -> done.add("c"));
    assertThat(done).isEmpty();
    batch.run();
    assertThat(done).containsExactly("a", "b", "c");
  }

  @Test
  void webhookCallsAreComputedBeforeAnyTaskIsWritten() {
    WriteBatch batch = new WriteBatch();
    batch.beforeTaskWrites("webhook calls"); // nothing queued yet: fine
    batch.taskWrite(() -> {});
    assertThatThrownBy(() -> batch.beforeTaskWrites("webhook calls"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("webhook calls must be computed before any task record is written");
  }

  @Test
  void theLargestRecordIsKnown() {
    WriteBatch batch = new WriteBatch();
    batch.measure("small", 10);
    batch.measure("large", new byte[100]);
    batch.measure("medium", 50);
    assertThat(batch.largest()).isEqualTo(100);
    assertThat(batch.largestWhat()).isEqualTo("large");
  }
}
