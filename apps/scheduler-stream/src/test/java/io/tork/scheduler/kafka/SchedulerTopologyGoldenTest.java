package io.tork.scheduler.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's {@code topology.describe()} against a copy kept in the tree, so that renaming a
 * store (its changelog topic and its directory on disk are named after it: a renamed store starts
 * empty on a running cluster), a processor or a topic (the contract with the other processes) is a
 * deliberate change, seen in review, never a side effect.
 *
 * <p>After a deliberate change, rewrite the copy and commit it:
 *
 * <pre>
 * mvn -o -pl apps/scheduler-stream -am test -Dtest=SchedulerTopologyGoldenTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dtork.golden.update=true
 * </pre>
 */
class SchedulerTopologyGoldenTest {
  static final String UPDATE = "tork.golden.update";

  /** Relative to the module's directory, where Maven runs the tests. */
  private static final Path GOLDEN =
      Path.of("src/test/resources/io/tork/scheduler/kafka/scheduler-topology.txt");

  private static final String HOW_TO_UPDATE =
      " If the change of a store, processor or topic name is deliberate (a renamed store starts"
          + " empty on a running cluster), rewrite the file by running this test with -D"
          + UPDATE
          + "=true (mvn -o -pl apps/scheduler-stream -am test -Dtest=SchedulerTopologyGoldenTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -D"
          + UPDATE
          + "=true) and commit it.";

  @Test
  void theTopologyIsTheOneKeptInTheTree() throws IOException {
    String described = describe();
    if (Boolean.getBoolean(UPDATE)) {
      Files.writeString(GOLDEN, described, StandardCharsets.UTF_8);
    }
    assertThat(GOLDEN).as("%s is missing.%s", GOLDEN.toAbsolutePath(), HOW_TO_UPDATE).exists();
    assertThat(described)
        .as("the scheduler's topology is not the one in %s.%s", GOLDEN, HOW_TO_UPDATE)
        .isEqualTo(Files.readString(GOLDEN, StandardCharsets.UTF_8));
  }

  /**
   * The description, without what may change with no name changing (the queue sink's topic is
   * chosen by a lambda, which describes itself by its class and identity hash; the order in which
   * stores and predecessors are listed), then what the description leaves out: the topics the queue
   * sink chooses from (the stores' changelog topics are named after the stores).
   */
  static String describe() {
    String described =
        SchedulerTopology.build(
                Topics.DEFAULT,
                QueueTopics.ASSUME_PRESENT,
                Clock.systemUTC(),
                () -> "0".repeat(32),
                Duration.ofSeconds(15))
            .describe()
            .toString()
            .replaceAll("\\$\\$Lambda[^\\s)]*", "\\$\\$Lambda");
    Matcher stores = Pattern.compile("\\(stores: \\[([^\\]]*)]\\)").matcher(described);
    described =
        stores.replaceAll(m -> Matcher.quoteReplacement("(stores: [" + sorted(m.group(1)) + "])"));
    Matcher predecessors = Pattern.compile("(?m)^(\\s*<-- )(.*)$").matcher(described);
    described =
        predecessors.replaceAll(m -> Matcher.quoteReplacement(m.group(1) + sorted(m.group(2))));
    return described
        + "Queue topics of dispatch-sink (queue <name>, priority 9, 1, 0):\n"
        + Topics.DEFAULT.queueBands("<name>").stream()
            .map(topic -> "  " + topic + "\n")
            .collect(Collectors.joining());
  }

  private static String sorted(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(", ")).sorted().collect(Collectors.joining(", "));
  }
}
