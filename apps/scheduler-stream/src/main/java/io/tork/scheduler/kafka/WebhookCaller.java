package io.tork.scheduler.kafka;

import io.tork.model.Limits;
import io.tork.model.WebhookCall;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one webhook call as Tork does: {@code POST}, {@code Content-Type: application/json;
 * charset=UTF-8}, up to {@value #MAX_ATTEMPTS} attempts, retried on a connection error, a timeout,
 * or 429, 500, 502, 503, 504 after {@code 2 x attempt} retry units; any other status ends it. Each
 * attempt has a total deadline, headers and body alike (a server that trickles its answer is cut
 * off there), and its target is asked about first ({@link WebhookTargets}).
 */
final class WebhookCaller {
  private static final Logger log = LoggerFactory.getLogger(WebhookCaller.class);
  static final int MAX_ATTEMPTS = 5;
  private static final Set<Integer> RETRYABLE = Set.of(429, 500, 502, 503, 504);

  private final HttpClient http;
  private final Duration deadline;
  private final Duration retryUnit;
  private final WebhookTargets targets;
  private final Limits limits;

  /**
   * @param deadline how long one attempt may take, from connecting to the last byte (5 s in Tork)
   * @param retryUnit the wait before attempt n+1 is {@code 2 x n x retryUnit} (1 s in Tork)
   */
  WebhookCaller(
      HttpClient http,
      Duration deadline,
      Duration retryUnit,
      WebhookTargets targets,
      Limits limits) {
    this.http = http;
    this.deadline = deadline;
    this.retryUnit = retryUnit;
    this.targets = targets;
    this.limits = limits;
  }

  /** Makes the call; returns once it was answered or given up (or the thread is interrupted). */
  void call(WebhookCall call) {
    HttpRequest request;
    try {
      request = request(call);
    } catch (IllegalArgumentException e) {
      log.atWarn()
          .addKeyValue("jobId", call.jobId())
          .addKeyValue("error", e.getMessage())
          .log("webhook call dropped: it cannot be made");
      return;
    }
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Optional<String> refused = targets.refusal(request.uri());
      if (refused.isPresent()) {
        log.atWarn()
            .addKeyValue("jobId", call.jobId())
            .addKeyValue("url", call.url())
            .addKeyValue("reason", refused.get())
            .log("webhook refused: its target is not allowed");
        return;
      }
      String failure;
      try {
        int status = send(request);
        if (status / 100 == 2) {
          log.atDebug()
              .addKeyValue("jobId", call.jobId())
              .addKeyValue("event", call.event())
              .addKeyValue("url", call.url())
              .addKeyValue("attempt", attempt)
              .log("webhook delivered");
          return;
        }
        if (!RETRYABLE.contains(status)) {
          log.atWarn()
              .addKeyValue("jobId", call.jobId())
              .addKeyValue("url", call.url())
              .addKeyValue("status", status)
              .log("webhook refused; not retried");
          return;
        }
        failure = "status " + status;
      } catch (TimeoutException e) {
        failure = "no complete answer within " + deadline.toMillis() + " ms";
      } catch (ExecutionException e) {
        failure = String.valueOf(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      boolean last = attempt == MAX_ATTEMPTS;
      (last ? log.atWarn() : log.atDebug())
          .addKeyValue("jobId", call.jobId())
          .addKeyValue("url", call.url())
          .addKeyValue("attempt", attempt)
          .addKeyValue("error", failure)
          .log(last ? "webhook failed; giving up" : "webhook failed; will retry");
      if (!last && !pause(retryUnit.multipliedBy(2L * attempt))) {
        return;
      }
    }
  }

  /**
   * @throws IllegalArgumentException for a call that cannot be made: not a URL, a payload over
   *     {@link Limits#maxWebhookPayloadBytes}
   */
  private HttpRequest request(WebhookCall call) {
    byte[] payload = call.payload().getBytes(StandardCharsets.UTF_8);
    if (payload.length > limits.maxWebhookPayloadBytes()) {
      throw new IllegalArgumentException(
          Limits.exceeded(
              "the payload",
              payload.length,
              limits.maxWebhookPayloadBytes(),
              "maxWebhookPayloadBytes"));
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(call.url()))
            .timeout(deadline)
            .header("Content-Type", "application/json; charset=UTF-8")
            .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
    call.headers().forEach(request::setHeader);
    return request.build();
  }

  /** One attempt, whole (headers and body) within the deadline; cut off past it. */
  private int send(HttpRequest request)
      throws InterruptedException, ExecutionException, TimeoutException {
    CompletableFuture<HttpResponse<Void>> response =
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
    try {
      return response.get(deadline.toMillis(), TimeUnit.MILLISECONDS).statusCode();
    } finally {
      response.cancel(true); // closes the exchange if it is still going (no effect once done)
    }
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
}
