package io.tork.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitsTest {
  private static Limits with(long body, long result, int record) {
    Limits d = Limits.DEFAULTS;
    return new Limits(
        body,
        result,
        d.maxErrorBytes(),
        d.maxValueBytes(),
        d.maxJobResultBytes(),
        d.maxLogLineBytes(),
        d.maxTaskLogBytes(),
        d.maxTasksPerJob(),
        d.maxSequence(),
        d.maxWebhookPayloadBytes(),
        Duration.ofMinutes(10),
        Duration.ofDays(366),
        Duration.ofSeconds(10),
        record);
  }

  @Test
  void theRecordLimitHoldsWhatGoesWholeIntoARecord() {
    assertThat(Limits.DEFAULTS.maxRecordBytes()).isEqualTo(8 * 1024 * 1024);
    assertThatThrownBy(() -> with(4 << 20, 256 << 10, 2 << 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--max-record-size (2097152) must be at least --max-body-size");
    assertThatThrownBy(() -> with(1 << 20, 2 << 20, 8 << 20))
        .hasMessageContaining("6 times the largest of --max-result-size");
    assertThat(with(1 << 20, 1 << 20, 6 << 20).maxResultBytes()).isEqualTo(1 << 20);
  }

  @Test
  void anErrorOverALimitNamesItsFlag() {
    assertThat(Limits.exceeded("task output", 600_000, 262_144, "maxResultBytes"))
        .isEqualTo("task output is 600000 bytes, over the limit of 262144 (--max-result-size)");
    assertThat(Limits.exceeded("each.list", "150000 items", "100000", "maxTasksPerJob"))
        .isEqualTo("each.list is 150000 items, over the limit of 100000 (--max-tasks-per-job)");
  }
}
