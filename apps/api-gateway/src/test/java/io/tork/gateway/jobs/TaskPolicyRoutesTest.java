package io.tork.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.gateway.core.InMemoryJobCommands;
import io.tork.gateway.core.InMemoryViews;
import io.tork.model.Limits;
import io.tork.model.TaskPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What the workers would refuse is refused at submission, before anything is produced: no broker is
 * needed (there is none here) to see the 400.
 */
class TaskPolicyRoutesTest {
  private static final MediaType YAML = MediaType.parseMediaType("text/yaml");

  private final InMemoryJobCommands publisher = new InMemoryJobCommands();
  private WebTestClient client;

  @BeforeEach
  void gatewayWithoutABroker() {
    InMemoryViews views = InMemoryViews.loaded();
    TaskPolicy policy = new TaskPolicy(false, List.of(), List.of("ubuntu:*"));
    client =
        WebTestClient.bindToRouterFunction(
                JobRoutes.routes(
                    publisher,
                    views,
                    Duration.ofMillis(200),
                    views.health(),
                    new DocumentParsers(policy, Limits.DEFAULTS)))
            .build();
  }

  @Test
  void aHostNetworkIsA400NamingTheField() {
    client
        .post()
        .uri("/jobs")
        .contentType(YAML)
        .bodyValue(
            """
            name: j
            tasks:
            - name: t
              image: ubuntu:mantic
              networks: [none, host]
              run: "true"
            """)
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.message")
        .isEqualTo(
            "tasks[0].networks[1]: 'host' shares the network of the host and is not allowed"
                + " (--allow-host-network allows it)");
    assertThat(publisher.submissions()).isEmpty();
  }

  @Test
  void aScheduledJobIsCheckedToo() {
    client
        .post()
        .uri("/scheduled-jobs")
        .contentType(YAML)
        .bodyValue(
            """
            name: j
            schedule: {cron: "0 * * * *"}
            tasks:
            - name: t
              image: alpine:3.18.3
              run: "true"
            """)
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.message")
        .isEqualTo("tasks[0].image: 'alpine:3.18.3' is not one of the allowed images [ubuntu:*]");
    assertThat(publisher.commands()).isEmpty();
  }
}
