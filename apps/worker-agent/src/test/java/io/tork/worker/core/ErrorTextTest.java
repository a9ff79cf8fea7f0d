package io.tork.worker.core;

import static io.tork.worker.core.TaskFixtures.IMAGE;
import static io.tork.worker.core.TaskFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.tork.cli.LimitOptions;
import io.tork.model.Limits;
import io.tork.model.TaskSpec;
import io.tork.model.codec.Redaction;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ErrorTextTest {
  private static final Redaction SECRETS =
      Redaction.of(task(TaskSpec.of("t", IMAGE, "true").withEnv(Map.of("PASSWORD", "hunter2"))));

  @Test
  void shortTextIsOnlyRedacted() {
    assertThat(ErrorText.cap("the password is hunter2", 100, SECRETS))
        .isEqualTo("the password is [REDACTED]");
  }

  @Test
  void longTextKeepsItsHeadAndSaysHowMuchWent() {
    String capped = ErrorText.cap("x".repeat(1000), 200, Redaction.none());
    assertThat(capped).startsWith("x".repeat(160)).endsWith(" [truncated: 840 bytes]");
    assertThat(ErrorText.utf8Length(capped)).isLessThanOrEqualTo(200);
  }

  @Test
  void aSecretInTheTextIsRedactedBeforeTheCut() {
    String text = "y".repeat(157) + "hunter2" + "z".repeat(100);
    assertThat(ErrorText.cap(text, 200, SECRETS)).startsWith("y".repeat(157) + "[RE");
  }

  @Test
  void aCutNeverEndsWithTheStartOfASecret() {
    // A text already cut inside a secret (a line too long to keep whole) is not redacted: the
    // cut must not keep "hun" of "hunter2".
    String text = "y".repeat(157) + "hunter";
    String capped = ErrorText.cap(text, 40, 200, SECRETS);
    assertThat(capped).isEqualTo("y".repeat(157) + " [truncated: 46 bytes]");
  }

  @Test
  void aCutKeepsWholeCharacters() {
    String capped = ErrorText.cap("\u20ac".repeat(100), 100, Redaction.none());
    assertThat(capped).isEqualTo("\u20ac".repeat(20) + " [truncated: 240 bytes]");
  }

  @Test
  void theTailShowsTheLastTenLinesEachCutToItsShare() {
    Limits limits = limitsWithErrorBytes(2256); // (2256 - 256) / 10 = 200 bytes a line
    OutputTail tail = new OutputTail(limits, SECRETS, LogSink.DISCARD);
    for (int i = 1; i <= 12; i++) {
      tail.line("line " + i);
    }
    tail.piece("p".repeat(5000));
    tail.piece("q".repeat(5000));
    tail.line("hunter2 at the end");
    String text = tail.text();
    assertThat(text.split("\n")).hasSize(10);
    assertThat(text).startsWith("line 4\n").doesNotContain("line 3\n");
    String last = text.substring(text.lastIndexOf('\n') + 1);
    assertThat(last).isEqualTo("p".repeat(160) + " [truncated: 9858 bytes]");
  }

  /** The limits a user gets with {@code --max-error-size bytes}. */
  private static Limits limitsWithErrorBytes(long bytes) {
    return CommandLine.populateCommand(
            new LimitOptions(), "--max-error-size", String.valueOf(bytes))
        .limits();
  }
}
