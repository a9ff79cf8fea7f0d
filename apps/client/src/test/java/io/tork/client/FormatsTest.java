package io.tork.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FormatsTest {
  @Test
  void barsForPercentsAndForChildren() {
    assertThat(Formats.bar(0)).isEqualTo("[....................]   0%");
    assertThat(Formats.bar(50)).isEqualTo("[##########..........]  50%");
    assertThat(Formats.bar(140)).isEqualTo("[####################] 100%");
    assertThat(Formats.bar(3, 4)).isEqualTo("[###############.....] 3/4");
    assertThat(Formats.bar(0, 0)).isEqualTo("[....................] 0/0");
  }

  @Test
  void durations() {
    assertThat(Formats.duration(Duration.ofMillis(250))).isEqualTo("250 ms");
    assertThat(Formats.duration(Duration.ofMillis(1500))).isEqualTo("1.5 s");
    assertThat(Formats.duration(Duration.ofSeconds(125))).isEqualTo("2m 5s");
    assertThat(Formats.duration(Duration.ofMinutes(135))).isEqualTo("2h 15m");
  }

  @Test
  void tablesAlignAndCutLongCells() {
    String table = new Table("ID", "NAME").row("1", "x".repeat(60)).row("22", "b\nc").toString();
    assertThat(table.lines().toList())
        .containsExactly("ID  NAME", "1   " + "x".repeat(47) + "…", "22  b c");
  }
}
