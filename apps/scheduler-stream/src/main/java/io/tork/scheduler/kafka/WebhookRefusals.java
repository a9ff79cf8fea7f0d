package io.tork.scheduler.kafka;

import io.tork.model.WebhookHeaders;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which webhook calls are refused before any lookup (not an http(s) URL, no host, user info,
 * headers that cannot be sent), and the job and endpoint pairs already said to be refused (the most
 * recent ones, bounded): a refusal is logged once per job and endpoint. Thread-safe.
 */
final class WebhookRefusals {
  private static final int REMEMBERED = 10_000;
  private final Map<String, Boolean> seen =
      new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > REMEMBERED;
        }
      };

  synchronized boolean first(String jobId, String endpoint) {
    return seen.put(jobId + " " + endpoint, Boolean.TRUE) == null;
  }

  /** Why a call to {@code uri} with {@code headers} must not be made, known before any lookup. */
  static Optional<String> of(URI uri, Map<String, String> headers) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of("not an http(s) URL");
    }
    if (uri.getHost() == null) {
      return Optional.of("the URL names no host");
    }
    if (uri.getRawUserInfo() != null) {
      return Optional.of("the URL has user info (user:password@), which is not sent: use headers");
    }
    for (Map.Entry<String, String> header : headers.entrySet()) {
      Optional<String> problem = WebhookHeaders.problem(header.getKey(), header.getValue());
      if (problem.isPresent()) {
        // A template rendered into something that cannot be a header; its value is not shown.
        return Optional.of(
            "header " + WebhookHeaders.printable(header.getKey()) + ": " + problem.get());
      }
    }
    return Optional.empty();
  }
}
