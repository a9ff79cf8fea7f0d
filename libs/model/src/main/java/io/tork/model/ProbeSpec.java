package io.tork.model;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A sidecar's readiness probe, as in Tork: {@code GET http://<sidecar>:<port><path>} until it
 * answers HTTP 200, for at most {@code timeout}.
 *
 * @param path the request's path, {@value #DEFAULT_PATH} when left out
 * @param port the sidecar's port (1-65535); 0 when left out, which the validator refuses
 * @param timeout how long the sidecar may take to answer 200; {@link #DEFAULT_TIMEOUT} when empty
 */
public record ProbeSpec(String path, @Nullable Integer port, String timeout) {
  public static final String DEFAULT_PATH = "/";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(1);

  public ProbeSpec {
    path = Strings.orEmpty(path);
    port = port == null ? 0 : port; // Integer so that a missing port is "required", not a type
    timeout = Strings.orEmpty(timeout);
  }

  /** The path to request: the one written, else {@value #DEFAULT_PATH}. */
  public String effectivePath() {
    return path.isEmpty() ? DEFAULT_PATH : path;
  }

  /** The probe's time: the one written (validated at submission), else one minute. */
  public Duration effectiveTimeout() {
    return Durations.parse(timeout).orElse(DEFAULT_TIMEOUT);
  }

  /** The timeout as written, else the default's ("1m"), for messages. */
  public String timeoutText() {
    return timeout.isEmpty() ? "1m" : timeout;
  }
}
