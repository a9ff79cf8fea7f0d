package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.tork.scheduler.kafka.WebhookCounters;
import io.tork.scheduler.kafka.WebhookDispatcher;
import io.tork.scheduler.kafka.WebhookTargetPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks delivered to a real HTTP server on 127.0.0.1, from the real engine: one engine for all,
 * allowed to call 127.0.0.1 ({@code --webhook-allow 127.0.0.1}) and no other special address.
 */
class WebhooksIT {
  private static final JsonMapper JSON = TorkApi.JSON;

  @RegisterExtension
  static final StandaloneEngine engine =
      StandaloneEngine.docker()
          .queues(Map.of("default", 2))
          .systemProperty("tork.webhooks.retry-unit-ms", "50")
          .options(o -> o.withWebhookTargets(WebhookTargetPolicy.allowing(List.of("127.0.0.1"))));

  static final TorkApi api = engine.api();
  static HttpServer server;
  static String base;

  /** A request the server received. */
  record Received(String path, Map<String, String> headers, JsonNode body) {}

  static final List<Received> received = new CopyOnWriteArrayList<>();
  static final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
  static final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws IOException {
    server =
        HookServer.start(
            "127.0.0.1",
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
                  new Received(
                      path, headers, JSON.readTree(new String(body, StandardCharsets.UTF_8))));
              exchange.sendResponseHeaders(200, -1);
              exchange.close();
            });
    base = HookServer.base(server);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop(0);
    }
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
    List<Double> cutOffAfter = new CopyOnWriteArrayList<>();
    AtomicInteger slowCalls = new AtomicInteger();
    HttpServer slow =
        HookServer.start(
            "127.0.0.1",
            Executors.newVirtualThreadPerTaskExecutor(),
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
    try {
      String slowBase = HookServer.base(slow);
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

  /**
   * Without an allowance, a loopback target (127.0.0.2: only 127.0.0.1 is allowed), the cloud's
   * metadata address and IPv6 loopback are refused: nothing reaches them, each refusal is counted
   * and said once per job and endpoint (not once per call), and the job completes as if no webhook
   * had been asked for.
   */
  @Test
  void aTargetThatIsNotAllowedIsRefusedCountedAndLoggedOnceWhileTheJobCompletes()
      throws IOException {
    AtomicInteger internalCalls = new AtomicInteger();
    HttpServer internal =
        HookServer.start(
            "127.0.0.2",
            exchange -> {
              internalCalls.incrementAndGet();
              exchange.sendResponseHeaders(200, -1);
              exchange.close();
            });
    WebhookCounters counters = engine.running().webhookCounters();
    long refusedBefore = counters.refused();
    try (RefusalLog log = RefusalLog.attach()) {
      String id =
          api.submitYaml(
              """
              name: ssrf
              webhooks:
              - url: http://127.0.0.2:%d/internal
              - url: http://169.254.169.254/latest/meta-data/
              - url: http://[::1]:%d/internal
              - url: %s/allowed
              tasks: [{name: t, image: ubuntu:mantic, run: "true"}]
              """
                  .formatted(
                      internal.getAddress().getPort(), internal.getAddress().getPort(), base));
      await().atMost(Duration.ofSeconds(60)).until(() -> api.state(id), "COMPLETED"::equals);
      // PENDING, RUNNING and COMPLETED to each of the three refused targets
      await().atMost(Duration.ofSeconds(10)).until(() -> counters.refused() - refusedBefore >= 9);
      await().atMost(Duration.ofSeconds(10)).until(() -> at("/allowed").size() == 3);
      assertThat(counters.refused() - refusedBefore).isEqualTo(9);
      assertThat(internalCalls).hasValue(0);
      assertThat(log.warnings(id))
          .hasSize(3)
          .anySatisfy(l -> assertThat(l).contains("127.0.0.2 is a loopback address (127.0.0.0/8)"))
          .anySatisfy(l -> assertThat(l).contains("169.254.169.254 is a link-local address"))
          .anySatisfy(l -> assertThat(l).contains("::1 is a loopback address (::1/128)"));
    } finally {
      internal.stop(0);
    }
  }

  /**
   * A header with a line break is a 400 naming it; one whose template renders into a line break is
   * refused when the call would be made (counted, nothing sent), and the job's other webhook and
   * the job itself are not affected.
   */
  @Test
  void aHeaderWithALineBreakIsRefusedAtSubmissionAndWhenATemplateRendersOne() {
    TorkApi.Response bad =
        api.post(
            "/jobs",
            "text/yaml",
            """
            name: injected header
            webhooks: [{url: "%s/never", headers: {X-Token: "t\\r\\nX-Injected: 1"}}]
            tasks: [{name: t, image: ubuntu:mantic}]
            """
                .formatted(base));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().path("message").asString())
        .isEqualTo(
            "webhooks[0].headers.X-Token: must not contain a line break or other control"
                + " character (CR at index 1)");

    long refusedBefore = engine.running().webhookCounters().refused();
    String id =
        api.submitYaml(
            """
            name: rendered header
            inputs: {evil: "t\\r\\nX-Injected: 1"}
            webhooks:
            - {url: "%1$s/rendered", headers: {X-Token: "{{ inputs.evil }}"}}
            - {url: "%1$s/clean", headers: {X-Token: "fine"}}
            tasks: [{name: t, image: ubuntu:mantic, run: "true"}]
            """
                .formatted(base));
    await().atMost(Duration.ofSeconds(60)).until(() -> api.state(id), "COMPLETED"::equals);
    await().atMost(Duration.ofSeconds(10)).until(() -> at("/clean").size() == 3);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> engine.running().webhookCounters().refused() - refusedBefore == 3);
    assertThat(at("/rendered")).isEmpty();
    assertThat(attempts).doesNotContainKeys("/rendered", "/never");
    assertThat(received).allSatisfy(r -> assertThat(r.headers()).doesNotContainKey("x-injected"));
  }
}
