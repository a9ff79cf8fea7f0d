package io.tork.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetrySpecTest {
  @Test
  void eachRetryWaitsTheInitialDelayScaledOncePerRetryBefore() {
    RetrySpec retry = new RetrySpec(5, "5s", 2.0, "");
    assertThat(retry.delayBefore(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(retry.delayBefore(2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(retry.delayBefore(3)).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void maxDelayCapsEveryDelay() {
    RetrySpec retry = new RetrySpec(5, "1s", 3.0, "5s");
    assertThat(retry.delayBefore(2)).isEqualTo(Duration.ofSeconds(3));
    assertThat(retry.delayBefore(3)).isEqualTo(Duration.ofSeconds(5));
    assertThat(retry.delayBefore(4)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void unsetPartsReadAsTheDefaultsAndNothingOverflows() {
    RetrySpec retry = new RetrySpec(10, "", 2.5, "");
    assertThat(retry.delayBefore(1)).isEqualTo(RetrySpec.DEFAULT_INITIAL_DELAY);
    assertThat(retry.delayBefore(2)).isEqualTo(Duration.ofMillis(2500));
    assertThat(new RetrySpec(10, "5m", 10.0, "").delayBefore(1000)).isEqualTo(RetrySpec.MAX_DELAY);
    assertThat(new RetrySpec(10, "", null, "2s").delayBefore(1)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void withoutABackoffARetryIsImmediate() {
    assertThat(new RetrySpec(3).backsOff()).isFalse();
    assertThat(new RetrySpec(3).delayBefore(2)).isZero();
    assertThat(new RetrySpec(3, "", 1.0, "").backsOff()).isTrue();
  }
}
