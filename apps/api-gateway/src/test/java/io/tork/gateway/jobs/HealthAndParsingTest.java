package io.tork.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.gateway.core.InMemoryJobCommands;
import io.tork.gateway.core.InMemoryViews;
import io.tork.gateway.kafka.JobViews;
import io.tork.kafka.Health;
import io.tork.model.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * {@code /health} tells the process's parts apart and names the failing ones; documents are parsed
 * on a pool of their own, bounded. No broker: the view is in memory (and the one on disk never
 * starts).
 */
class HealthAndParsingTest {
  private final Health health = new Health();
  private final InMemoryJobCommands publisher = new InMemoryJobCommands();
  private DocumentParsers parsers;
  private WebTestClient client;

  @BeforeEach
  void gateway() {
    parsers = new DocumentParsers();
    client =
        WebTestClient.bindToRouterFunction(
                JobRoutes.routes(
                    publisher, InMemoryViews.loaded(), Duration.ofMillis(200), health, parsers))
            .build();
  }

  @AfterEach
  void close() {
    parsers.close();
  }

  @Test
  void healthIsUpOnlyWhileEveryPartIsAndNamesThoseThatAreNot() {
    health.up("kafka");
    health.up("scheduler");
    client
        .get()
        .uri("/health")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP")
        .jsonPath("$.components.kafka.state")
        .isEqualTo("UP")
        .jsonPath("$.components.scheduler.state")
        .isEqualTo("UP");

    health.down("scheduler", "stream thread died: boom");
    health.report("job-views", Health.State.STARTING, "loading the view");
    String body =
        client
            .get()
            .uri("/health")
            .exchange()
            .expectStatus()
            .isEqualTo(503)
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(body).startsWith("{\"status\":\"DOWN\"");
    assertThat(body)
        .contains("scheduler is DOWN: stream thread died: boom")
        .contains("job-views is STARTING: loading the view")
        .doesNotContain("kafka is");
  }

  @Test
  void aViewThatIsNotLoadedIsNotUp() {
    // The view on disk, never started (its consumer is made only then): what it reports itself.
    try (JobViews views = new JobViews("127.0.0.1:1", Topics.DEFAULT)) {
      WebTestClient own =
          WebTestClient.bindToRouterFunction(
                  JobRoutes.routes(
                      publisher, views, Duration.ofMillis(200), views.health(), parsers))
              .build();
      own.get()
          .uri("/health")
          .exchange()
          .expectStatus()
          .isEqualTo(503)
          .expectBody()
          .jsonPath("$.components['job-views'].state")
          .isEqualTo("STARTING");
    }
  }

  @Test
  void documentsAreParsedOffTheCallersThreadOnTheirOwnPool() {
    AtomicReference<String> thread = new AtomicReference<>();
    parsers.parse(() -> thread.getAndSet(Thread.currentThread().getName())).block();
    assertThat(thread.get()).startsWith("job-documents");
  }

  @Test
  void pastItsBoundAParseIsRefusedAtOnceNotQueued() {
    CountDownLatch release = new CountDownLatch(1);
    List<Mono<Boolean>> accepted = new ArrayList<>();
    Throwable refused = null;
    try {
      int bound = DocumentParsers.THREADS * (DocumentParsers.QUEUED_PER_THREAD + 1);
      for (int i = 0; i <= bound && refused == null; i++) {
        Mono<Boolean> parse = parsers.parse(() -> release.await(30, TimeUnit.SECONDS)).cache();
        AtomicReference<Throwable> error = new AtomicReference<>();
        parse.subscribe(ok -> {}, error::set);
        refused = error.get();
        if (refused == null) {
          accepted.add(parse);
        }
      }
      assertThat(refused).as("refused within the bound").isNotNull();
      assertThat(DocumentParsers.isBusy(refused)).as("%s", refused).isTrue();
      client
          .post()
          .uri("/jobs")
          .header("Content-Type", "text/yaml")
          .bodyValue("name: j\ntasks: [{name: t, image: i}]\n")
          .exchange()
          .expectStatus()
          .isEqualTo(503)
          .expectBody()
          .jsonPath("$.message")
          .value(m -> assertThat(String.valueOf(m)).contains("too many documents"));
    } finally {
      release.countDown();
    }
    accepted.forEach(Mono::block);
  }
}
