package io.tork.model;

import org.jspecify.annotations.Nullable;

/** {@code wait: {timeout: 30s}}: the POST answers when the job ends, or 408 after the timeout. */
public record WaitSpec(String timeout) {
  public WaitSpec(@Nullable String timeout) {
    this.timeout = Strings.orEmpty(timeout);
  }
}
