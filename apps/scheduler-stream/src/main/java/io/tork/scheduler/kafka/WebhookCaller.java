package io.tork.scheduler.kafka;

import io.tork.model.Limits;
import io.tork.model.WebhookCall;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.io.CloseMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one webhook call as Tork does: {@code POST}, {@code Content-Type: application/json;
 * charset=UTF-8}, up to {@value #MAX_ATTEMPTS} attempts, retried on a connection error, a timeout,
 * or 429, 500, 502, 503, 504 after {@code 2 x attempt} retry units; any other status ends it
 * (redirects are not followed). Each attempt has a total deadline, the lookup, headers and body
 * alike (a server that trickles its answer is cut off there). Before it connects, {@link
 * WebhookTargets} resolves the target and says which address it may reach; the attempt connects to
 * that address and no other. A call whose target or headers are not allowed is refused: not made,
 * not retried, counted, and logged once per job and endpoint. Thread-safe.
 */
final class WebhookCaller implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookCaller.class);
  static final int MAX_ATTEMPTS = 5;
  private static final Set<Integer> RETRYABLE = Set.of(429, 500, 502, 503, 504);

  private final CloseableHttpAsyncClient http;
  private final ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor();
  private final Duration deadline;
  private final Duration retryUnit;
  private final WebhookTargets targets;
  private final Limits limits;
  private final WebhookCounters counters;
  private final WebhookRefusals refusals = new WebhookRefusals();

  /**
   * @param deadline how long one attempt may take, from the lookup to the last byte (5 s in Tork)
   * @param retryUnit the wait before attempt n+1 is {@code 2 x n x retryUnit} (1 s in Tork)
   */
  WebhookCaller(
      Duration deadline,
      Duration retryUnit,
      WebhookTargets targets,
      Limits limits,
      WebhookCounters counters) {
    this.http = WebhookHttpClient.start(deadline);
    this.deadline = deadline;
    this.retryUnit = retryUnit;
    this.targets = targets;
    this.limits = limits;
    this.counters = counters;
  }

  /** Makes the call; returns once it was answered, given up or refused (or on an interrupt). */
  void call(WebhookCall call) {
    URI uri;
    try {
      uri = URI.create(call.url());
    } catch (IllegalArgumentException e) {
      refused(call, call.url(), "not a URL: " + e.getMessage());
      return;
    }
    String endpoint = WebhookEndpoints.endpointOf(call.url());
    Optional<String> refusal = WebhookRefusals.of(uri, call.headers());
    if (refusal.isPresent()) {
      refused(call, endpoint, refusal.get());
      return;
    }
    byte[] payload = call.payload().getBytes(StandardCharsets.UTF_8);
    if (payload.length > limits.maxWebhookPayloadBytes()) {
      log.atWarn()
          .addKeyValue("jobId", call.jobId())
          .addKeyValue("endpoint", endpoint)
          .addKeyValue(
              "error",
              Limits.exceeded(
                  "the payload",
                  payload.length,
                  limits.maxWebhookPayloadBytes(),
                  "maxWebhookPayloadBytes"))
          .log("webhook call dropped: it cannot be made");
      return;
    }
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      long end = System.nanoTime() + deadline.toNanos();
      String failure;
      try {
        InetAddress address = lookUp(uri.getHost(), end);
        int status = WebhookHttpClient.post(http, uri, address, call.headers(), payload, end);
        if (status / 100 == 2) {
          counters.deliveredOne();
          log.atDebug()
              .addKeyValue("jobId", call.jobId())
              .addKeyValue("event", call.event())
              .addKeyValue("endpoint", endpoint)
              .addKeyValue("attempt", attempt)
              .log("webhook delivered");
          return;
        }
        if (!RETRYABLE.contains(status)) {
          counters.gaveUpOne();
          log.atWarn()
              .addKeyValue("jobId", call.jobId())
              .addKeyValue("endpoint", endpoint)
              .addKeyValue("status", status)
              .log("webhook answered with a status that is not retried; giving up");
          return;
        }
        failure = "status " + status;
      } catch (WebhookTargets.Refused e) {
        refused(call, endpoint, e.getMessage());
        return;
      } catch (TimeoutException e) {
        failure = "no complete answer within " + deadline.toMillis() + " ms";
      } catch (UnknownHostException e) {
        failure = "unknown host: " + e.getMessage();
      } catch (ExecutionException e) {
        failure = String.valueOf(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RejectedExecutionException | CancellationException e) {
        return; // closing: the call is not committed, it comes again to the next reader
      }
      boolean last = attempt == MAX_ATTEMPTS;
      if (last) {
        counters.gaveUpOne();
      }
      (last ? log.atWarn() : log.atDebug())
          .addKeyValue("jobId", call.jobId())
          .addKeyValue("endpoint", endpoint)
          .addKeyValue("attempt", attempt)
          .addKeyValue("error", failure)
          .log(last ? "webhook failed; giving up" : "webhook failed; will retry");
      if (!last && !pause(retryUnit.multipliedBy(2L * attempt))) {
        return;
      }
    }
  }

  /** The address to connect to, looked up within what is left of the attempt's deadline. */
  private InetAddress lookUp(String host, long end)
      throws WebhookTargets.Refused,
          UnknownHostException,
          TimeoutException,
          ExecutionException,
          InterruptedException {
    CompletableFuture<InetAddress> lookup =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return targets.address(host);
              } catch (WebhookTargets.Refused | UnknownHostException e) {
                throw new CompletionException(e);
              }
            },
            lookups);
    try {
      return lookup.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case WebhookTargets.Refused refused -> throw refused;
        case UnknownHostException unknown -> throw unknown;
        default -> throw e;
      }
    } finally {
      lookup.cancel(true);
    }
  }

  private void refused(WebhookCall call, String endpoint, String reason) {
    counters.refusedOne();
    (refusals.first(call.jobId(), endpoint) ? log.atWarn() : log.atDebug())
        .addKeyValue("jobId", call.jobId())
        .addKeyValue("endpoint", endpoint)
        .addKeyValue("reason", reason)
        .log("webhook refused: not called");
  }

  private static boolean pause(Duration wait) {
    try {
      Thread.sleep(wait);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    http.close(CloseMode.IMMEDIATE);
    lookups.shutdownNow();
  }
}
