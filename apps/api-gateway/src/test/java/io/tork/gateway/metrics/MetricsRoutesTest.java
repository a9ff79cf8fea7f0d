package io.tork.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.Heartbeat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsRoutesTest {
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  private static Heartbeat node(String id, double cpu, Instant at) {
    return new Heartbeat(id, "worker", "h", Map.of(), 0, cpu, 0, "v", NOW.minusSeconds(600), at);
  }

  @Test
  void torksShapeWithOnlineNodesAndTheirMeanCpu() {
    Map<String, Object> metrics =
        MetricsRoutes.metrics(
            3,
            5,
            List.of(
                node("a", 10, NOW.minusSeconds(2)),
                node("b", 20.555, NOW.minusSeconds(14)),
                node("gone", 90, NOW.minusSeconds(60))),
            Duration.ofSeconds(15),
            NOW);
    assertThat(metrics)
        .containsEntry("jobs", Map.of("running", 3))
        .containsEntry("tasks", Map.of("running", 5));
    assertThat(metrics.keySet()).containsExactly("jobs", "tasks", "nodes");
    assertThat(metrics.get("nodes")).isEqualTo(Map.of("online", 2, "cpuPercent", 15.28));
  }

  @Test
  void noNodeIsZeroCpu() {
    assertThat(MetricsRoutes.metrics(0, 0, List.of(), Duration.ofSeconds(15), NOW).get("nodes"))
        .isEqualTo(Map.of("online", 0, "cpuPercent", 0.0));
  }
}
