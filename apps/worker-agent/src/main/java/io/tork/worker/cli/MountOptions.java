package io.tork.worker.cli;

import io.tork.worker.core.MountPolicy;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The worker's bind-mount policy, shared by {@code worker} and {@code standalone}. */
public final class MountOptions {
  @Option(
      names = "--bind-mounts",
      description =
          "Allow tasks to bind-mount host paths (mounts of type bind); off by default: a bind"
              + " mount gives a task this host's files.")
  boolean bindAllowed;

  @Option(
      names = "--bind-source",
      paramLabel = "DIR",
      description =
          "With --bind-mounts: a host directory bind sources must be in; repeatable (default:"
              + " any).")
  List<String> bindSources = new ArrayList<>();

  public MountPolicy policy() {
    return new MountPolicy(bindAllowed, bindSources);
  }
}
