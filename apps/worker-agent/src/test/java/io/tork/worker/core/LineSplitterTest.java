package io.tork.worker.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
  private final List<String> got = new ArrayList<>();

  /** Lines as "line", pieces of longer lines as "piece:". */
  private final LogSink sink =
      new LogSink() {
        @Override
        public void line(String line) {
          got.add(line);
        }

        @Override
        public void piece(String text) {
          got.add("piece:" + text);
        }
      };

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void linesAreCutAtNewlinesHoweverTheBytesArrive() {
    LineSplitter lines = new LineSplitter(1024, sink);
    byte[] text = utf8("one\r\ntwo\n\nh\u00e9llo\nno newline");
    for (int i = 0; i < text.length; i++) {
      lines.feed(text, i, i + 1); // one byte at a time: é arrives in two halves
    }
    assertThat(got).containsExactly("one", "two", "", "h\u00e9llo");
    lines.finish();
    assertThat(got).endsWith("no newline");
  }

  @Test
  void aLongLineIsCutIntoPiecesOfAtMostTheLimit() {
    LineSplitter lines = new LineSplitter(16, sink);
    byte[] text = utf8("a".repeat(40) + "\nshort\n");
    lines.feed(text, 0, text.length);
    assertThat(got)
        .containsExactly(
            "piece:" + "a".repeat(16), "piece:" + "a".repeat(16), "a".repeat(8), "short");
  }

  @Test
  void aLineOfExactlyTheLimitIsOneLine() {
    LineSplitter lines = new LineSplitter(16, sink);
    byte[] text = utf8("b".repeat(16) + "\n");
    lines.feed(text, 0, text.length);
    assertThat(got).containsExactly("b".repeat(16));
  }

  @Test
  void piecesEndAfterABlankWhenThereIsOneNearTheEnd() {
    LineSplitter lines = new LineSplitter(16, sink);
    byte[] text = utf8("token=abc12 secret-val\n");
    lines.feed(text, 0, text.length);
    assertThat(got).containsExactly("piece:token=abc12 ", "secret-val");
  }

  @Test
  void piecesNeverCutACharacterInTwo() {
    LineSplitter lines = new LineSplitter(8, sink);
    String euros = "\u20ac".repeat(5); // 3 bytes each: 15 bytes
    byte[] text = utf8(euros + "\n");
    lines.feed(text, 0, text.length);
    assertThat(got).containsExactly("piece:\u20ac\u20ac", "piece:\u20ac\u20ac", "\u20ac");
    assertThat(String.join("", got).replace("piece:", "")).isEqualTo(euros);
  }

  @Test
  void aHugeLineHoldsNoMoreThanOneLimitInMemory() {
    List<Integer> sizes = new ArrayList<>();
    LineSplitter lines =
        new LineSplitter(
            64 * 1024,
            new LogSink() {
              @Override
              public void line(String line) {
                sizes.add(line.length());
              }

              @Override
              public void piece(String text) {
                sizes.add(text.length());
              }
            });
    byte[] chunk = utf8("x".repeat(8192));
    for (int i = 0; i < 30 * 128; i++) { // 30 MiB without a newline
      lines.feed(chunk, 0, chunk.length);
    }
    lines.finish();
    assertThat(sizes).hasSize(480).allMatch(size -> size == 64 * 1024);
  }
}
