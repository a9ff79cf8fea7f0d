package io.tork.model;

import java.time.Instant;
import java.util.Map;

/**
 * One POST to make: decided (exactly once) by the scheduler, delivered (at least once, retried) by
 * the webhook dispatcher. {@code payload} is the JSON body, already redacted.
 */
public record WebhookCall(
    String jobId,
    String url,
    Map<String, String> headers,
    String event,
    String payload,
    Instant at) {
  public WebhookCall {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }
}
