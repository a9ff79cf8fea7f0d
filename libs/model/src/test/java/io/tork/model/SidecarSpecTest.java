package io.tork.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SidecarSpecTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "web server       | web-server",
        "Web_Server 2     | web-server-2",
        "'  db  '         | db",
        "redis:7 (cache)! | redis-7-cache",
        "---              | ''",
      })
  void itsAliasIsTorksSlugOfItsName(String name, String alias) {
    assertThat(SidecarSpec.of(name, "i", "").alias()).isEqualTo(alias);
  }

  @Test
  void aProbeDefaultsToTheRootPathAndAMinute() {
    ProbeSpec probe = new ProbeSpec(null, 8080, null);
    assertThat(probe.effectivePath()).isEqualTo("/");
    assertThat(probe.effectiveTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(probe.timeoutText()).isEqualTo("1m");
    assertThat(new ProbeSpec("/health", 80, "5s").effectiveTimeout())
        .isEqualTo(Duration.ofSeconds(5));
  }
}
