package io.tork.model.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.JobSpec;
import io.tork.model.expr.Templates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file in examples/ is a valid job whose expressions all parse. */
class ExamplesTest {
  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("../../examples"))) {
      return files
          .filter(f -> f.toString().matches(".*\\.(ya?ml|json)$"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void parsesAndValidates(Path example) throws IOException {
    String type = example.toString().endsWith(".json") ? "application/json" : "text/yaml";
    JobSpec job = JobDocuments.parse(Files.readAllBytes(example), type);
    assertThat(job.tasks()).isNotEmpty();
    job.tasks()
        .forEach(
            t -> {
              Templates.check(t.condition());
              t.env().values().forEach(Templates::check);
            });
  }

  @org.junit.jupiter.api.Test
  void theScheduledExamplesAreValidScheduledJobs() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("../../examples/scheduled"))) {
      List<Path> all = files.filter(f -> f.toString().endsWith(".yaml")).toList();
      assertThat(all).isNotEmpty();
      for (Path example : all) {
        var scheduled = JobDocuments.parseScheduled(Files.readAllBytes(example), "text/yaml");
        assertThat(scheduled.schedule().problem()).isEmpty();
      }
    }
  }
}
