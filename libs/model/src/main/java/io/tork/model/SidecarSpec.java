package io.tork.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A container that runs beside its task's main container, as in Tork: started before it on the
 * task's own network, where it answers to {@link #alias()}, with the task's mounts, networks and
 * limits, and removed when the task ends. Its {@code probe}, if any, must answer before the main
 * container starts; its {@code timeout} bounds how long it may take to be ready (image, start and
 * probe).
 */
public record SidecarSpec(
    String name,
    String description,
    String image,
    String run,
    List<String> cmd,
    List<String> entrypoint,
    Map<String, String> env,
    Map<String, String> files,
    String timeout,
    @Nullable ProbeSpec probe) {
  public SidecarSpec {
    name = Strings.orEmpty(name);
    description = Strings.orEmpty(description);
    image = Strings.orEmpty(image);
    run = Strings.orEmpty(run);
    cmd = Strings.copy(cmd);
    entrypoint = Strings.copy(entrypoint);
    env = Strings.copy(env);
    files = Strings.copy(files);
    timeout = Strings.orEmpty(timeout);
  }

  /** A minimal sidecar: a name, an image and a script, without a probe. */
  public static SidecarSpec of(String name, String image, String run) {
    return new SidecarSpec(name, "", image, run, null, null, null, null, "", null);
  }

  public SidecarSpec withProbe(@Nullable ProbeSpec newProbe) {
    return new SidecarSpec(
        name, description, image, run, cmd, entrypoint, env, files, timeout, newProbe);
  }

  /** The host name other containers of the task reach it by: {@link #alias(String)} of its name. */
  public String alias() {
    return alias(name);
  }

  /**
   * Tork's slug of a name: lower case, each run of characters other than letters and digits one
   * {@code -}, none at either end ({@code "Web Server"} -> {@code "web-server"}).
   */
  public static String alias(String name) {
    String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    return slug.replaceAll("^-+|-+$", "");
  }
}
