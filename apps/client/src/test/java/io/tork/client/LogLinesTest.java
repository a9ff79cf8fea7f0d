package io.tork.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogLinesTest {
  private final List<String> out = new ArrayList<>();
  private final LogLines lines = new LogLines(out::add);

  @Test
  void partsAreCutIntoLinesAndAHalfLineWaitsForItsEnd() {
    lines.add("one\ntw");
    assertThat(out).containsExactly("one");
    lines.add("o\r\nthree\n");
    assertThat(out).containsExactly("one", "two", "three");
    lines.add("no newline");
    lines.flush();
    assertThat(out).containsExactly("one", "two", "three", "no newline");
  }

  @Test
  void flushingNothingPrintsNothing() {
    lines.flush();
    assertThat(out).isEmpty();
  }
}
