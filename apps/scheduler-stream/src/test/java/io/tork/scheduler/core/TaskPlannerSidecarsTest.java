package io.tork.scheduler.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.Limits;
import io.tork.model.ProbeSpec;
import io.tork.model.SidecarSpec;
import io.tork.model.TaskSpec;
import io.tork.model.expr.Ambient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskPlannerSidecarsTest {
  @Test
  void aSidecarsImageAndEnvAreRenderedItsNameAndProbeKeptAsWritten() {
    SidecarSpec sidecar =
        new SidecarSpec(
            "web {{ inputs.tag }}",
            "",
            "busybox:{{ inputs.tag }}",
            "httpd -f -p 8080",
            null,
            null,
            Map.of("GREETING", "{{ inputs.greeting }}"),
            null,
            "",
            new ProbeSpec("/", 8080, "5s"));
    TaskSpec spec =
        TaskSpec.of("t", "alpine", "true").toBuilder().sidecars(List.of(sidecar)).build();
    Map<String, Object> context = Map.of("inputs", Map.of("tag", "1.36", "greeting", "hello"));
    SidecarSpec rendered =
        TaskPlanner.evaluate(spec, context, Limits.DEFAULTS, Ambient.of(Instant.EPOCH, 1))
            .spec()
            .sidecars()
            .getFirst();
    assertThat(rendered.image()).isEqualTo("busybox:1.36");
    assertThat(rendered.env()).containsEntry("GREETING", "hello");
    // The alias is made from the name as submitted (and validated): names are not templates.
    assertThat(rendered.name()).isEqualTo("web {{ inputs.tag }}");
    assertThat(rendered.probe()).isEqualTo(sidecar.probe());
  }
}
