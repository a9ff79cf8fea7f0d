package io.tork.model;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@code pre} or {@code post} task: runs on the same worker as its main task, in its own
 * container, sharing the main task's volumes and limits.
 */
public record AuxTaskSpec(
    String name,
    String description,
    String image,
    String run,
    Map<String, String> env,
    String timeout) {
  public AuxTaskSpec(
      @Nullable String name,
      @Nullable String description,
      @Nullable String image,
      @Nullable String run,
      @Nullable Map<String, String> env,
      @Nullable String timeout) {
    this.name = Strings.orEmpty(name);
    this.description = Strings.orEmpty(description);
    this.image = Strings.orEmpty(image);
    this.run = Strings.orEmpty(run);
    this.env = Strings.copy(env);
    this.timeout = Strings.orEmpty(timeout);
  }
}
