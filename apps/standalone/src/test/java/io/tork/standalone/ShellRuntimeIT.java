package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code tork standalone --runtime shell}: jobs run as processes of the host, no Docker at all. */
class ShellRuntimeIT {
  @TempDir Path dataDir;

  @Test
  void aJobRunsThroughTheWholeEngineWithTheShellRuntime() {
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    try (Standalone engine =
        Standalone.start(
            new StandaloneOptions(0, dataDir, 0, Map.of("default", 2), "", "", "shell"))) {
      TorkApi api = new TorkApi(engine.port());
      String id =
          api.submitYaml(
              """
              name: shell job
              inputs:
                who: world
              tasks:
              - name: greet
                var: greeting
                image: ignored:latest
                env:
                  WHO: "{{ inputs.who }}"
                pre:
                - name: prepare
                  image: ignored:latest
                  run: echo preparing
                run: echo -n "hello $WHO" > $TORK_OUTPUT
              - name: shout
                image: ignored:latest
                env:
                  GREETING: "{{ tasks.greeting }}"
                run: echo -n "$GREETING" | tr a-z A-Z > $TORK_OUTPUT
              - name: too slow
                image: ignored:latest
                timeout: 1s
                run: sleep 30
              """);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> api.state(id), "FAILED"::equals);
      JsonNode execution = api.job(id).path("execution");
      assertThat(execution.get(0).path("result").asString()).isEqualTo("hello world");
      assertThat(execution.get(1).path("result").asString()).isEqualTo("HELLO WORLD");
      assertThat(execution.get(2).path("error").asString()).isEqualTo("task timed out after 1s");
    }
  }
}
