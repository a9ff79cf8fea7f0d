package io.tork.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.gateway.core.InMemoryJobCommands;
import io.tork.gateway.core.InMemoryViews;
import io.tork.kafka.Health;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A gateway whose view has not loaded yet (it replays its topics after a start) answers no read
 * from it: not a 404 for a job it will hold, not a list of part of the jobs. The view here (in
 * memory) is never loaded: no broker is needed to see what the API says meanwhile.
 */
class LoadingViewTest {
  private DocumentParsers parsers;
  private WebTestClient client;

  @BeforeEach
  void gatewayThatCannotLoad() {
    InMemoryViews views = new InMemoryViews(new Health());
    parsers = new DocumentParsers();
    client =
        WebTestClient.bindToRouterFunction(
                JobRoutes.routes(
                    new InMemoryJobCommands(),
                    views,
                    Duration.ofMillis(200),
                    views.health(),
                    parsers))
            .build();
  }

  @AfterEach
  void close() {
    parsers.close();
  }

  @Test
  void listsAreA503UntilTheViewHoldsEverything() {
    for (String path : new String[] {"/jobs", "/jobs?page=2&size=5", "/scheduled-jobs"}) {
      client
          .get()
          .uri(path)
          .exchange()
          .expectStatus()
          .isEqualTo(503)
          .expectBody()
          .jsonPath("$.message")
          .value(message -> assertThat(String.valueOf(message)).contains("still loading"));
    }
  }

  @Test
  void aMissIsA503NotA404() {
    client.get().uri("/jobs/" + "a".repeat(32)).exchange().expectStatus().isEqualTo(503);
  }

  @Test
  void badListParametersAreStillA400AtOnce() {
    client.get().uri("/jobs?size=0").exchange().expectStatus().isBadRequest();
  }

  @Test
  void healthIsDownWhileLoading() {
    client.get().uri("/health").exchange().expectStatus().isEqualTo(503);
  }
}
