package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/** {@code tork standalone --runtime shell}: jobs run as processes of the host, no Docker at all. */
class ShellRuntimeIT {
  @RegisterExtension
  static final StandaloneEngine engine = StandaloneEngine.shell().queues(Map.of("default", 2));

  static final TorkApi api = engine.api();

  @Test
  void aJobRunsThroughTheWholeEngineWithTheShellRuntime() {
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
    api.awaitState(id, "FAILED", Duration.ofSeconds(60));
    JsonNode execution = api.job(id).path("execution");
    assertThat(execution.get(0).path("result").asString()).isEqualTo("hello world");
    assertThat(execution.get(1).path("result").asString()).isEqualTo("HELLO WORLD");
    assertThat(execution.get(2).path("error").asString()).isEqualTo("task timed out after 1s");
  }
}
