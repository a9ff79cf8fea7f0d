package io.tork.worker.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.tork.worker.core.Deadline;
import io.tork.worker.core.Execution;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The probe's loop against a local HTTP server that answers as each test says. */
class SidecarProbeTest {
  private final AtomicInteger asked = new AtomicInteger();
  private final SidecarProbe probe = new SidecarProbe(SidecarProbe.client());
  private final Execution execution = new Execution(Duration.ZERO, line -> {});
  private HttpServer server;
  private volatile int readyAfter = Integer.MAX_VALUE;

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/health",
        exchange -> {
          int status = asked.incrementAndGet() >= readyAfter ? 200 : 503;
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  private static final SidecarProbe.Liveness RUNNING = OptionalInt::empty;

  /**
   * Probes {@code path} of the running server for at most {@code timeout}, without a task bound.
   */
  private SidecarProbe.Result probe(String path, Duration timeout) throws InterruptedException {
    return probe.await(uri(path), Deadline.after(timeout), Deadline.NONE, execution, RUNNING);
  }

  @Test
  void readyOnTheFirst200AskingOncePerInterval() throws InterruptedException {
    readyAfter = 3;
    SidecarProbe.Result result = probe("/health", Duration.ofSeconds(20));
    assertThat(result.kind()).isEqualTo(SidecarProbe.Kind.READY);
    assertThat(asked).hasValue(3);
  }

  @Test
  void neverReadyWithTheLastAnswerWhenTheProbeTimesOut() throws InterruptedException {
    SidecarProbe.Result result = probe("/health", Duration.ofMillis(1500));
    assertThat(result)
        .isEqualTo(new SidecarProbe.Result(SidecarProbe.Kind.NEVER_READY, "HTTP 503"));
    assertThat(asked.get()).isBetween(1, 2);
  }

  @Test
  void aPathTheServerDoesNotKnowIsNotReady() throws InterruptedException {
    SidecarProbe.Result result = probe("/other", Duration.ofMillis(500));
    assertThat(result)
        .isEqualTo(new SidecarProbe.Result(SidecarProbe.Kind.NEVER_READY, "HTTP 404"));
  }

  @Test
  void theTasksDeadlineWinsOverTheProbes() throws InterruptedException {
    SidecarProbe.Result result =
        probe.await(
            uri("/health"),
            Deadline.after(Duration.ofMinutes(1)),
            Deadline.after(Duration.ofMillis(500)),
            execution,
            RUNNING);
    assertThat(result.kind()).isEqualTo(SidecarProbe.Kind.TASK_TIMED_OUT);
  }

  @Test
  void anExitedSidecarEndsTheProbe() throws InterruptedException {
    SidecarProbe.Result result =
        probe.await(
            uri("/health"),
            Deadline.after(Duration.ofMinutes(1)),
            Deadline.NONE,
            execution,
            () -> OptionalInt.of(2));
    assertThat(result).isEqualTo(new SidecarProbe.Result(SidecarProbe.Kind.EXITED, "exit code 2"));
  }

  @Test
  void aCancelEndsTheWaitPromptly() throws Exception {
    CompletableFuture<SidecarProbe.Result> result =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return probe("/health", Duration.ofMinutes(1));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
              }
            });
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> asked.get() >= 1);
    execution.cancel();
    assertThat(result.get(2, TimeUnit.SECONDS).kind()).isEqualTo(SidecarProbe.Kind.CANCELLED);
  }
}
