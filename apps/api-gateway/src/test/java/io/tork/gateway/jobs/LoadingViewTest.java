package io.tork.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.gateway.kafka.JobViews;
import io.tork.gateway.kafka.KafkaJobPublisher;
import io.tork.model.Topics;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A gateway whose view has not loaded yet (it replays its topics after a start) answers no read
 * from it: not a 404 for a job it will hold, not a list of part of the jobs. The view here is never
 * started, so it never loads, and no broker is needed to see what the API says meanwhile.
 */
class LoadingViewTest {
  private JobViews views;
  private KafkaJobPublisher publisher;
  private WebTestClient client;

  @BeforeEach
  void gatewayThatCannotLoad() {
    String nowhere = "127.0.0.1:1";
    views = new JobViews(nowhere, Topics.DEFAULT);
    publisher = new KafkaJobPublisher(nowhere, Topics.DEFAULT);
    client =
        WebTestClient.bindToRouterFunction(
                JobRoutes.routes(publisher, views, Duration.ofMillis(200)))
            .build();
  }

  @AfterEach
  void close() {
    views.close();
    publisher.close();
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
