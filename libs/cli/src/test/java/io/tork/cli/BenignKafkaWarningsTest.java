package io.tork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class BenignKafkaWarningsTest {
  private final LoggerContext context = new LoggerContext();
  private final BenignKafkaWarnings filter = new BenignKafkaWarnings();

  private FilterReply decide(String logger, Level level, String format, Object... params) {
    return filter.decide(null, context.getLogger(logger), level, format, params, null);
  }

  @Test
  void theNamedWarningsAreDroppedEvenWhereTheBenignPartIsAnArgument() {
    assertThat(
            decide(
                "org.apache.kafka.controller.QuorumController",
                Level.WARN,
                "[QuorumController id=1] Performing controller activation. The metadata log appears"
                    + " to be empty."))
        .isEqualTo(FilterReply.DENY);
    assertThat(
            decide(
                "org.apache.kafka.clients.producer.internals.Sender",
                Level.WARN,
                "Got error produce response with correlation id {} on topic-partition {}, retrying"
                    + " ({} attempts left). Error: {}",
                122,
                "tork.queue.x-7",
                5,
                "NOT_LEADER_OR_FOLLOWER"))
        .isEqualTo(FilterReply.DENY);
  }

  @Test
  void everythingElseStays() {
    assertThat(
            decide(
                "org.apache.kafka.clients.producer.internals.Sender",
                Level.WARN,
                "Got error produce response ... Error: {}",
                "MESSAGE_TOO_LARGE"))
        .isEqualTo(FilterReply.NEUTRAL);
    assertThat(
            decide(
                "org.apache.kafka.controller.QuorumController",
                Level.ERROR,
                "Performing controller activation"))
        .as("only warnings")
        .isEqualTo(FilterReply.NEUTRAL);
    assertThat(decide("io.tork.x", Level.WARN, "Performing controller activation"))
        .as("only Kafka's loggers")
        .isEqualTo(FilterReply.NEUTRAL);
  }

  @Test
  void oneLineReasonsFollowTheCauses() {
    assertThat(Cli.reason(new StartupException("port 3000 is busy")))
        .isEqualTo("port 3000 is busy");
    assertThat(
            Cli.reason(
                new IllegalStateException(
                    "cannot start", new java.io.IOException("connection refused"))))
        .isEqualTo("cannot start: connection refused");
  }
}
