package io.tork.scheduler.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.tork.model.Limits;
import io.tork.model.WebhookCall;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One call against a real HTTP server on 127.0.0.1. */
class WebhookCallerTest {
  private HttpServer server;
  private String base;
  private final AtomicInteger attempts = new AtomicInteger();

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
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private WebhookCaller caller(WebhookTargets targets) {
    return new WebhookCaller(
        HttpClient.newHttpClient(),
        Duration.ofMillis(500),
        Duration.ofMillis(10),
        targets,
        Limits.DEFAULTS);
  }

  private static WebhookCall call(String url, String payload) {
    return new WebhookCall("j", url, Map.of(), "job.StateChange", payload, Instant.EPOCH);
  }

  @Test
  void aTricklingAnswerIsCutOffAtTheDeadlineOfEachAttempt() {
    long begin = System.nanoTime();
    caller(WebhookTargets.ANY).call(call(base + "/trickle", "{}"));
    double seconds = (System.nanoTime() - begin) / 1e9;
    assertThat(attempts.get()).isEqualTo(WebhookCaller.MAX_ATTEMPTS);
    // 5 attempts of 0.5 s and 0.2 s of backoff, not the minute the body would take
    assertThat(seconds).isBetween(2.5, 6.0);
  }

  @Test
  void aDeliveredCallIsMadeOnce() {
    caller(WebhookTargets.ANY).call(call(base + "/ok", "{}"));
    assertThat(attempts.get()).isEqualTo(1);
  }

  @Test
  void aRefusedTargetOrAPayloadOverTheLimitIsNotCalled() {
    caller(target -> Optional.of("not allowed")).call(call(base + "/ok", "{}"));
    caller(WebhookTargets.ANY).call(call(base + "/ok", "x".repeat(300 * 1024)));
    assertThat(attempts.get()).isZero();
  }
}
