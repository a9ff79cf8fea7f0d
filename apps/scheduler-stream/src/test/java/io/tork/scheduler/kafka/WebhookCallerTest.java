package io.tork.scheduler.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import io.tork.model.Limits;
import io.tork.model.WebhookCall;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * One call against a real HTTP server on 127.0.0.1: the tests that reach it allow 127.0.0.1
 * explicitly, as an operator would with {@code --webhook-allow 127.0.0.1}.
 */
class WebhookCallerTest {
  private static final WebhookTargetPolicy LOOPBACK_ALLOWED =
      WebhookTargetPolicy.allowing(List.of("127.0.0.1"));

  private HttpServer server;
  private String base;
  private int port;
  private final AtomicInteger attempts = new AtomicInteger();
  private final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();
  private final WebhookCounters counters = new WebhookCounters();
  private final List<WebhookCaller> callers = new CopyOnWriteArrayList<>();
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    // Answers 200 at once, then trickles its body a byte every 200 ms for a minute.
    server.createContext(
        "/trickle",
        exchange -> {
          attempts.incrementAndGet();
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream body = exchange.getResponseBody()) {
            for (int i = 0; i < 300; i++) {
              body.write('x');
              body.flush();
              Thread.sleep(200);
            }
          } catch (IOException | InterruptedException e) {
            // the client gave up: as it should
          }
        });
    server.createContext(
        "/ok",
        exchange -> {
          attempts.incrementAndGet();
          Map<String, String> received = new ConcurrentHashMap<>();
          exchange
              .getRequestHeaders()
              .forEach((k, v) -> received.put(k.toLowerCase(), v.getFirst()));
          headers.add(received);
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.createContext(
        "/redirect",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().add("Location", base + "/ok");
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    server.start();
    port = server.getAddress().getPort();
    base = "http://127.0.0.1:" + port;
    Logger logger = (Logger) LoggerFactory.getLogger(WebhookCaller.class);
    logger.setLevel(Level.DEBUG);
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void stop() {
    server.stop(0);
    callers.forEach(WebhookCaller::close);
    Logger logger = (Logger) LoggerFactory.getLogger(WebhookCaller.class);
    logger.detachAppender(logged);
    logger.setLevel(null);
  }

  private WebhookCaller caller(WebhookTargets targets) {
    WebhookCaller caller =
        new WebhookCaller(
            Duration.ofMillis(500), Duration.ofMillis(10), targets, Limits.DEFAULTS, counters);
    callers.add(caller);
    return caller;
  }

  private static WebhookCall call(String url, String payload) {
    return call("j", url, Map.of(), payload);
  }

  private static WebhookCall call(
      String jobId, String url, Map<String, String> headers, String payload) {
    return new WebhookCall(jobId, url, headers, "job.StateChange", payload, Instant.EPOCH);
  }

  private List<String> warnings() {
    return logged.list.stream()
        .filter(e -> e.getLevel() == Level.WARN)
        .map(e -> e.getFormattedMessage() + " " + e.getKeyValuePairs())
        .toList();
  }

  @Test
  void aTricklingAnswerIsCutOffAtTheDeadlineOfEachAttempt() {
    long begin = System.nanoTime();
    caller(LOOPBACK_ALLOWED).call(call(base + "/trickle", "{}"));
    double seconds = (System.nanoTime() - begin) / 1e9;
    assertThat(attempts.get()).isEqualTo(WebhookCaller.MAX_ATTEMPTS);
    // 5 attempts of 0.5 s and 0.2 s of backoff, not the minute the body would take
    assertThat(seconds).isBetween(2.5, 6.0);
    assertThat(counters.givenUp()).isEqualTo(1);
  }

  @Test
  void aDeliveredCallIsMadeOnceWithTorksHeadersAndTheJobs() {
    caller(LOOPBACK_ALLOWED)
        .call(call("j", base + "/ok", Map.of("X-Name", "é 日本", "Authorization", "Bearer t"), "{}"));
    assertThat(attempts.get()).isEqualTo(1);
    assertThat(counters.delivered()).isEqualTo(1);
    Map<String, String> received = headers.getFirst();
    assertThat(received)
        .containsEntry("content-type", "application/json; charset=UTF-8")
        .containsEntry("authorization", "Bearer t")
        .containsEntry("host", "127.0.0.1:" + port);
    // sent as UTF-8 (the server reads header bytes as ISO-8859-1)
    assertThat(
            new String(
                received.get("x-name").getBytes(StandardCharsets.ISO_8859_1),
                StandardCharsets.UTF_8))
        .isEqualTo("é 日本");
  }

  @Test
  void aJobMayChooseItsOwnContentType() {
    caller(LOOPBACK_ALLOWED)
        .call(
            call("j", base + "/ok", Map.of("Content-Type", "application/cloudevents+json"), "{}"));
    assertThat(headers.getFirst()).containsEntry("content-type", "application/cloudevents+json");
  }

  @Test
  void aRefusedTargetOrAPayloadOverTheLimitIsNotCalled() {
    caller(
            host -> {
              throw new WebhookTargets.Refused("not allowed");
            })
        .call(call(base + "/ok", "{}"));
    caller(LOOPBACK_ALLOWED).call(call(base + "/ok", "x".repeat(300 * 1024)));
    assertThat(attempts.get()).isZero();
    assertThat(counters.refused()).isEqualTo(1);
  }

  @Test
  void withoutTheOptInALoopbackTargetIsRefusedCountedAndLoggedOncePerJobAndEndpoint() {
    WebhookCaller caller = caller(WebhookTargetPolicy.DEFAULT);
    for (int i = 0; i < 3; i++) {
      caller.call(call("job-1", base + "/ok", Map.of(), "{}"));
    }
    caller.call(call("job-1", "http://localhost:" + port + "/ok", Map.of(), "{}"));
    caller.call(call("job-2", base + "/ok", Map.of(), "{}"));
    assertThat(attempts.get()).isZero();
    assertThat(counters.refused()).isEqualTo(5);
    assertThat(warnings())
        .hasSize(3)
        .allSatisfy(line -> assertThat(line).startsWith("webhook refused: not called"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("jobId=\"job-1\"", "endpoint=\"http://127.0.0.1:" + port + "\"")
                    .contains("127.0.0.1 is a loopback address (127.0.0.0/8)"))
        .anySatisfy(line -> assertThat(line).contains("localhost: 127.0.0.1 is a loopback"))
        .anySatisfy(line -> assertThat(line).contains("jobId=\"job-2\""));
  }

  /** The client connects to the address the policy answered: it never looks the name up itself. */
  @Test
  void aNameIsConnectedToAtTheAddressItWasCheckedOn() {
    WebhookTargetPolicy policy =
        LOOPBACK_ALLOWED.withResolver(
            host -> {
              if (host.equals("hooks.test")) {
                return new InetAddress[] {InetAddress.getLoopbackAddress()};
              }
              throw new UnknownHostException(host);
            });
    caller(policy).call(call("http://hooks.test:" + port + "/ok", "{}"));
    assertThat(attempts.get()).isEqualTo(1);
    assertThat(headers.getFirst()).containsEntry("host", "hooks.test:" + port);
  }

  /**
   * DNS rebinding: a name answers an allowed address, whose endpoint fails (503, retried), then
   * loopback. The retry looks the name up again and is refused: nothing ever reaches loopback.
   */
  @Test
  void aNameThatRebindsToLoopbackBetweenAttemptsNeverReachesIt() throws IOException {
    HttpServer outside = HttpServer.create(new InetSocketAddress("127.0.0.2", port), 0);
    AtomicInteger outsideCalls = new AtomicInteger();
    outside.createContext(
        "/",
        exchange -> {
          outsideCalls.incrementAndGet();
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(503, -1);
          exchange.close();
        });
    outside.start();
    try {
      AtomicInteger lookups = new AtomicInteger();
      WebhookTargetPolicy policy =
          WebhookTargetPolicy.allowing(List.of("127.0.0.2"))
              .withResolver(
                  host ->
                      new InetAddress[] {
                        InetAddress.getByName(
                            lookups.incrementAndGet() == 1 ? "127.0.0.2" : "127.0.0.1")
                      });
      caller(policy).call(call("rebind", "http://rebind.test:" + port + "/ok", Map.of(), "{}"));
      assertThat(outsideCalls).hasValue(1);
      assertThat(attempts).hasValue(0); // the server on 127.0.0.1, same port
      assertThat(lookups).hasValue(2);
      assertThat(counters.refused()).isEqualTo(1);
      assertThat(warnings())
          .singleElement()
          .satisfies(line -> assertThat(line).contains("rebind.test: 127.0.0.1 is a loopback"));
    } finally {
      outside.stop(0);
    }
  }

  @Test
  void aHeaderThatRenderedIntoALineBreakIsRefusedAtCallTimeWithoutShowingItsValue() {
    caller(LOOPBACK_ALLOWED)
        .call(call("j", base + "/ok", Map.of("X-Token", "secret\r\nX-Evil: 1"), "{}"));
    assertThat(attempts.get()).isZero();
    assertThat(counters.refused()).isEqualTo(1);
    assertThat(warnings())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains(
                        "header X-Token: must not contain a line break or other control character"
                            + " (CR at index 6)")
                    .doesNotContain("secret")
                    .doesNotContain("X-Evil"));
  }

  @Test
  void aCallThatCannotBeMadeIsRefused() {
    WebhookCaller caller = caller(LOOPBACK_ALLOWED);
    caller.call(call("file:///etc/passwd", "{}"));
    caller.call(call("http://user:pw@127.0.0.1:" + port + "/ok", "{}"));
    caller.call(call("j", base + "/ok", Map.of("Host", "internal"), "{}"));
    assertThat(attempts.get()).isZero();
    assertThat(counters.refused()).isEqualTo(3);
  }

  @Test
  void aCallAfterCloseReturnsQuietly() {
    WebhookCaller caller = caller(LOOPBACK_ALLOWED);
    caller.close();
    caller.call(call(base + "/ok", "{}"));
    assertThat(attempts.get()).isZero();
    assertThat(warnings()).isEmpty();
  }

  @Test
  void aRedirectIsNotFollowed() {
    caller(LOOPBACK_ALLOWED).call(call(base + "/redirect", "{}"));
    assertThat(attempts.get()).isZero();
    assertThat(counters.givenUp()).isEqualTo(1);
  }
}
