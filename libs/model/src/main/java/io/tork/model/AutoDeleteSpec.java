package io.tork.model;

import org.jspecify.annotations.Nullable;

/** {@code autoDelete: {after: 1h}}: a COMPLETED job (and its tasks and logs) is removed after. */
public record AutoDeleteSpec(String after) {
  public AutoDeleteSpec(@Nullable String after) {
    this.after = Strings.orEmpty(after);
  }
}
