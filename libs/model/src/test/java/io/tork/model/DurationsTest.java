package io.tork.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void readsGoDurationsExactly() {
    assertThat(Durations.parse("300ms")).contains(Duration.ofMillis(300));
    assertThat(Durations.parse("1h30m")).contains(Duration.ofMinutes(90));
    assertThat(Durations.parse("1.5h")).contains(Duration.ofMinutes(90));
    assertThat(Durations.parse("0")).contains(Duration.ZERO);
    assertThat(Durations.parse("10 minutes")).isEmpty();
  }

  @Test
  void hugeValuesNeverWrap() {
    // 3,000,000 h is over Long.MAX_VALUE nanoseconds: it used to wrap to a negative duration.
    assertThat(Durations.parse("3000000h")).contains(Duration.ofHours(3_000_000));
    assertThat(Durations.parse("99999999999999999999999999h")).contains(Durations.MAX);
    assertThat(Durations.parse("1" + "0".repeat(200) + "h")).as("too long to be one").isEmpty();
  }

  @Test
  void formatsAsGoWritesThem() {
    assertThat(Durations.format(Duration.ofMinutes(10))).isEqualTo("10m");
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(Durations.format(Duration.ofDays(366))).isEqualTo("8784h");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");
  }
}
