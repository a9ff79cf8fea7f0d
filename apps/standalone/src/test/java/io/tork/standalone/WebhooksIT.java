package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.tork.scheduler.kafka.WebhookDispatcher;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Webhooks delivered to a real HTTP server on 127.0.0.1, from the real engine. */
class WebhooksIT {
  private static final JsonMapper JSON = TorkApi.JSON;

  @TempDir static Path dataDir;
  static Standalone engine;
  static TorkApi api;
  static HttpServer server;
  static String base;

  /** A request the server received. */
  record Received(String path, Map<String, String> headers, JsonNode body) {}

  static final List<Received> received = new CopyOnWriteArrayList<>();
  static final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
  static final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws IOException {
    System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    System.setProperty("tork.webhooks.retry-unit-ms", "50");
    DockerCheck.requireDocker();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          attempts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
          byte[] body = exchange.getRequestBody().readAllBytes();
          AtomicInteger left = failuresLeft.get(path);
          if (left != null && left.getAndDecrement() > 0) {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
          }
          Map<String, String> headers = new ConcurrentHashMap<>();
          exchange
              .getRequestHeaders()
              .forEach((k, v) -> headers.put(k.toLowerCase(), v.getFirst()));
          received.add(
              new Received(path, headers, JSON.readTree(new String(body, StandardCharsets.UTF_8))));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    engine = Standalone.start(new StandaloneOptions(0, dataDir, 0, Map.of("default", 2), "", ""));
    api = new TorkApi(engine.port());
  }

  @AfterAll
  static void stop() {
    if (engine != null) {
      engine.close();
    }
    if (server != null) {
      server.stop(0);
    }
    System.clearProperty("tork.webhooks.retry-unit-ms");
  }

  private static List<Received> at(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  @Test
  void stateChangesOfTheJobAndItsTasksArePostedAsTheyHappen() {
    String id =
        api.submitYaml(
            """
        name: hooked
        secrets: {token: tok-5551234}
        webhooks:
        - url: %1$s/job
          headers: {X-Job-Name: "{{ job.name }}", Authorization: "Bearer {{ secrets.token }}"}
        - url: %1$s/task
          event: task.StateChange
          if: "{{ task.state == 'COMPLETED' }}"
        - url: %1$s/progress
          event: job.Progress
        tasks:
        - {name: one, image: ubuntu:mantic, run: "echo -n tok-5551234 > $TORK_OUTPUT"}
        - {name: two, image: ubuntu:mantic, run: "true"}
        """
                .formatted(base));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                at("/job").stream()
                    .anyMatch(r -> r.body().path("state").asString().equals("COMPLETED")));
    List<Received> job = at("/job");
    assertThat(job)
        .extracting(r -> r.body().path("state").asString())
        .containsExactly("PENDING", "RUNNING", "COMPLETED");
    assertThat(job).allSatisfy(r -> assertThat(r.body().path("id").asString()).isEqualTo(id));
    assertThat(job.getFirst().headers())
        .containsEntry("x-job-name", "hooked")
        .containsEntry("authorization", "Bearer tok-5551234")
        .containsEntry("content-type", "application/json; charset=UTF-8");

    await().atMost(Duration.ofSeconds(10)).until(() -> at("/task").size() == 2);
    assertThat(at("/task"))
        .extracting(r -> r.body().path("name").asString() + ":" + r.body().path("state").asString())
        .containsExactlyInAnyOrder("one:COMPLETED", "two:COMPLETED");
    // the secret the task printed is redacted in the payload
    assertThat(at("/task").toString()).doesNotContain("tok-5551234");
    assertThat(at("/task").toString()).contains("[REDACTED]");

    await().atMost(Duration.ofSeconds(10)).until(() -> at("/progress").size() >= 2);
    assertThat(at("/progress"))
        .extracting(r -> r.body().path("progress").asDouble())
        .contains(50.0, 100.0);
  }

  @Test
  void aFailingEndpointIsRetriedUntilItAnswers() {
    failuresLeft.put("/flaky", new AtomicInteger(2));
    api.submitYaml(
        """
        name: flaky hook
        webhooks: [{url: %s/flaky}]
        tasks: [{name: t, image: ubuntu:mantic, run: "true"}]
        """
            .formatted(base));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                at("/flaky").stream()
                    .anyMatch(r -> r.body().path("state").asString().equals("COMPLETED")));
    // PENDING failed twice, then every state got through
    assertThat(at("/flaky"))
        .extracting(r -> r.body().path("state").asString())
        .contains("PENDING", "RUNNING", "COMPLETED");
    assertThat(attempts.get("/flaky").get()).isGreaterThanOrEqualTo(5);
  }

  @Test
  void aWebhookWithoutAnHttpUrlIsRefused() {
    TorkApi.Response response =
        api.post(
            "/jobs",
            "text/yaml",
            """
        name: bad hook
        webhooks: [{url: "ftp://example"}, {event: job.Whatever, url: "http://x"}]
        tasks: [{name: t, image: ubuntu:mantic}]
        """);
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body().path("message").asString())
        .contains("webhooks[0].url: 'ftp://example' is not an http(s) URL")
        .contains("webhooks[1].event: 'job.Whatever' is not one of");
  }

  /**
   * An endpoint that answers at once and then trickles its body a byte a second holds up only its
   * own calls: another job's webhook arrives within seconds meanwhile, and each attempt on the slow
   * one is cut off at its deadline (5 s), not held for the minute its body would take.
   */
  @Test
  void aTricklingEndpointDelaysOnlyItsOwnCalls() throws IOException {
    HttpServer slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    slow.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    List<Double> cutOffAfter = new CopyOnWriteArrayList<>();
    AtomicInteger slowCalls = new AtomicInteger();
    slow.createContext(
        "/",
        exchange -> {
          long start = System.nanoTime();
          slowCalls.incrementAndGet();
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream body = exchange.getResponseBody()) {
            for (int i = 0; i < 60; i++) {
              body.write('x');
              body.flush();
              Thread.sleep(1000); // the endpoint's slowness, not a wait for a condition
            }
          } catch (IOException e) {
            cutOffAfter.add((System.nanoTime() - start) / 1e9);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    slow.start();
    try {
      String slowBase = "http://127.0.0.1:" + slow.getAddress().getPort();
      for (int i = 0; i < 3; i++) {
        api.submitYaml(
            """
            name: slow-hooked-%d
            webhooks: [{url: %s/job}, {url: %s/task, event: task.StateChange}]
            tasks: [{name: t, image: ubuntu:mantic, run: "true"}]
            """
                .formatted(i, slowBase, slowBase));
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> slowCalls.get() >= WebhookDispatcher.CALLS_PER_ENDPOINT);
      long submitted = System.nanoTime();
      String quick =
          api.submitYaml(
              """
              name: quick hook
              webhooks: [{url: %s/quick}]
              tasks: [{name: t, image: ubuntu:mantic, run: "true"}]
              """
                  .formatted(base));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  at("/quick").stream()
                      .anyMatch(r -> r.body().path("id").asString().equals(quick)));
      double seconds = (System.nanoTime() - submitted) / 1e9;
      System.out.printf("webhook beside a trickling endpoint: %.2f s%n", seconds);
      assertThat(seconds).isLessThan(5.0);
      await().atMost(Duration.ofSeconds(30)).until(() -> !cutOffAfter.isEmpty());
      assertThat(cutOffAfter).allSatisfy(after -> assertThat(after).isLessThan(12.0));
    } finally {
      slow.stop(0);
    }
  }
}
