package io.tork.worker.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrefixedSinkTest {
  private final List<String> seen = new ArrayList<>();
  private final LogSink next =
      new LogSink() {
        @Override
        public void line(String line) {
          seen.add("line:" + line);
        }

        @Override
        public void piece(String text) {
          seen.add("piece:" + text);
        }

        @Override
        public void lost(String why) {
          seen.add("lost:" + why);
        }
      };

  @Test
  void eachLineIsPrefixedOnceEvenInPieces() {
    PrefixedSink sink = new PrefixedSink("[s] ", next);
    sink.line("one");
    sink.piece("lo");
    sink.piece("ng");
    sink.line("!");
    sink.line("two");
    sink.lost("stalled");
    assertThat(seen)
        .containsExactly(
            "line:[s] one",
            "piece:[s] lo",
            "piece:ng",
            "line:!",
            "line:[s] two",
            "lost:[s] stalled");
    assertThat(sink.prefixBytes()).isEqualTo(4);
  }
}
