package io.tork.gateway.nodes;

import io.tork.gateway.core.InMemoryNodes;
import io.tork.gateway.core.InMemoryViews;
import io.tork.model.Heartbeat;
import io.tork.model.Task;
import io.tork.model.TaskSpec;
import io.tork.model.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code GET /nodes} and {@code GET /queues} over the gateway's ports, in memory: nodes UP or
 * OFFLINE by their last heartbeat, queues with the tasks waiting in them as the view counts them.
 */
class NodeRoutesTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final String JOB = "a".repeat(32);

  private final InMemoryViews views = InMemoryViews.loaded();
  private final InMemoryNodes nodes = new InMemoryNodes();
  private final WebTestClient client =
      WebTestClient.bindToRouterFunction(
              NodeRoutes.routes(
                  nodes, nodes, views, Duration.ofSeconds(30), Clock.fixed(NOW, ZoneOffset.UTC)))
          .build();

  private static Heartbeat beat(String id, String role, Instant at) {
    return new Heartbeat(id, role, "h", Map.of(), 0, 1.5, 0, "v", NOW.minusSeconds(3600), at);
  }

  private static Task task(int seq, TaskState state) {
    Task scheduled =
        Task.scheduled(
            String.format("%032d", seq),
            JOB,
            seq,
            1,
            1,
            TaskSpec.of("t", "i", "r"),
            "default",
            NOW);
    return scheduled.toBuilder().state(state).build();
  }

  @Test
  void nodesAreUpOrOfflineByTheirLastHeartbeatAndGoneAfterFiveMinutes() {
    nodes
        .heard(beat("w1", "worker", NOW.minusSeconds(5)))
        .heard(beat("w2", "worker", NOW.minusSeconds(60)))
        .heard(beat("w3", "worker", NOW.minusSeconds(600)))
        .heard(beat("s1", "scheduler", NOW));
    client
        .get()
        .uri("/nodes")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.length()")
        .isEqualTo(3)
        .jsonPath("$[0].id")
        .isEqualTo("s1")
        .jsonPath("$[1].status")
        .isEqualTo("UP")
        .jsonPath("$[2].status")
        .isEqualTo("OFFLINE");
  }

  @Test
  void queuesShowTheTasksWaitingInThem() {
    nodes.queue("default", 2).queue("gpu", 0);
    views.put(task(1, TaskState.SCHEDULED)).put(task(2, TaskState.SCHEDULED));
    views.put(task(3, TaskState.RUNNING));
    client
        .get()
        .uri("/queues")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[0].name")
        .isEqualTo("default")
        .jsonPath("$[0].size")
        .isEqualTo(2)
        .jsonPath("$[0].subscribers")
        .isEqualTo(2)
        .jsonPath("$[1].name")
        .isEqualTo("gpu")
        .jsonPath("$[1].size")
        .isEqualTo(0);
  }
}
