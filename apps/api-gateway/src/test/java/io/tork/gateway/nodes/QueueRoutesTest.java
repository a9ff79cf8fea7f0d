package io.tork.gateway.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.gateway.core.InMemoryJobCommands;
import io.tork.gateway.core.InMemoryNodes;
import io.tork.gateway.core.InMemoryViews;
import io.tork.model.FailQueued;
import io.tork.model.Task;
import io.tork.model.TaskSpec;
import io.tork.model.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code GET} and {@code DELETE /queues/{name}} over the gateway's ports, in memory: one queue as
 * the list shows it, and a deletion that sends each job waiting there a {@link FailQueued} and
 * nothing else.
 */
class QueueRoutesTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private final InMemoryViews views = InMemoryViews.loaded();
  private final InMemoryNodes nodes = new InMemoryNodes().queue("doomed", 2).queue("other", 1);
  private final InMemoryJobCommands commands = new InMemoryJobCommands();
  private final WebTestClient client =
      WebTestClient.bindToRouterFunction(
              new QueueRoutes(
                      nodes,
                      views,
                      views,
                      commands,
                      Duration.ofMillis(200),
                      Clock.fixed(NOW, ZoneOffset.UTC))
                  .routes())
          .build();

  private static Task task(char job, int seq, TaskState state, String queue) {
    String jobId = String.valueOf(job).repeat(32);
    Task scheduled =
        Task.scheduled(
            String.format("%031d", seq) + job,
            jobId,
            seq,
            1,
            1,
            TaskSpec.of("t", "i", "r"),
            queue,
            NOW);
    return scheduled.toBuilder().state(state).build();
  }

  @Test
  void aQueueIsShownWithItsWaitingTasksAndWorkers() {
    views.put(task('a', 1, TaskState.SCHEDULED, "doomed"));
    views.put(task('a', 2, TaskState.RUNNING, "doomed"));
    client
        .get()
        .uri("/queues/doomed")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .json("{\"name\": \"doomed\", \"size\": 1, \"subscribers\": 2}", true);
  }

  @Test
  void anUnknownQueueIsA404AndItsDeletionSendsNothing() {
    client
        .get()
        .uri("/queues/nope")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.message")
        .isEqualTo("queue not found");
    client.delete().uri("/queues/nope").exchange().expectStatus().isNotFound();
    assertThat(commands.commands()).isEmpty();
  }

  @Test
  void aDeletionFailsEachJobWaitingThereOnceAndNoOther() {
    views.put(task('a', 1, TaskState.SCHEDULED, "doomed"));
    views.put(task('a', 2, TaskState.SCHEDULED, "doomed"));
    views.put(task('b', 1, TaskState.RUNNING, "doomed"));
    views.put(task('c', 1, TaskState.SCHEDULED, "other"));
    client
        .delete()
        .uri("/queues/doomed")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("OK");
    assertThat(commands.commands()).containsExactly(new FailQueued("a".repeat(32), "doomed", NOW));
  }

  @Test
  void aClusterThatDoesNotAcknowledgeIsA503() {
    views.put(task('a', 1, TaskState.SCHEDULED, "doomed"));
    commands.failWith(new IllegalStateException("broker down"));
    client
        .delete()
        .uri("/queues/doomed")
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectBody()
        .jsonPath("$.message")
        .isEqualTo("cannot send the command now: broker down");
  }
}
