package io.tork.model;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code mounts: [{type, source, target, opts, readonly}]}: {@code volume} (a fresh Docker volume
 * per task run), {@code tmpfs}, or {@code bind} (a host path; only where the worker allows it). A
 * {@code readonly} bind mount cannot be written to by the task's containers.
 */
public record MountSpec(
    String type, String source, String target, Map<String, String> opts, Boolean readonly) {
  public static final String VOLUME = "volume";
  public static final String BIND = "bind";
  public static final String TMPFS = "tmpfs";

  public MountSpec(
      @Nullable String type,
      @Nullable String source,
      @Nullable String target,
      @Nullable Map<String, String> opts,
      @Nullable Boolean readonly) {
    this.type = Strings.orEmpty(type);
    this.source = Strings.orEmpty(source);
    this.target = Strings.orEmpty(target);
    this.opts = Strings.copy(opts);
    this.readonly = readonly != null && readonly;
  }

  /** A fresh volume at {@code target}. */
  public static MountSpec volume(String target) {
    return new MountSpec(VOLUME, null, target, null, false);
  }
}
