package io.tork.worker.cli;

import io.tork.model.Quantities;
import io.tork.model.TaskPolicy;
import io.tork.worker.core.IsolationPolicy;
import io.tork.worker.docker.DockerRuntime;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * How the worker confines tasks' containers, shared by {@code worker} and {@code standalone}: the
 * defaults are the safe ones, each flag loosens (or tightens) one control. See docs/security.md.
 */
public final class IsolationOptions {
  @Option(
      names = "--allow-host-network",
      description =
          "Let tasks use the host's network (networks: [host]) or another container's"
              + " (container:<id>); off by default: such a task reaches everything this host"
              + " listens on, the engine's API and broker included.")
  boolean allowHostNetwork;

  @Option(
      names = "--allow-network",
      paramLabel = "NAME",
      split = ",",
      description =
          "A Docker network tasks may join; repeatable (default: any; 'none' is always allowed,"
              + " so --allow-network none allows no network).")
  List<String> allowedNetworks = new ArrayList<>();

  @Option(
      names = "--allowed-image",
      paramLabel = "GLOB",
      split = ",",
      description =
          "An image tasks may run, e.g. 'ubuntu:*' or 'registry.local/**' (* stops at /, **"
              + " does not); repeatable (default: any).")
  List<String> allowedImages = new ArrayList<>();

  @Option(
      names = "--default-pids-limit",
      paramLabel = "N",
      defaultValue = "" + IsolationPolicy.DEFAULT_PIDS_LIMIT,
      description =
          "Most processes and threads in one container, 0 for no limit (default:"
              + " ${DEFAULT-VALUE}).")
  long pidsLimit;

  @Option(
      names = "--max-tmpfs-size",
      paramLabel = "SIZE",
      defaultValue = "64m",
      converter = Size.class,
      description =
          "Largest tmpfs mount; one that sets no size gets this one (default: ${DEFAULT-VALUE}).")
  long maxTmpfs;

  @Option(
      names = "--cap-drop",
      paramLabel = "CAP",
      split = ",",
      defaultValue = "NET_RAW",
      description =
          "A capability taken from Docker's default set, or ALL; repeatable (default:"
              + " ${DEFAULT-VALUE}; --cap-drop= drops none).")
  List<String> capDrop;

  @Option(
      names = "--cap-add",
      paramLabel = "CAP",
      split = ",",
      description = "A capability given to every container on top; repeatable (default: none).")
  List<String> capAdd = new ArrayList<>();

  /** What tasks may name: the part the gateway can check at submission too. */
  public TaskPolicy tasks() {
    return new TaskPolicy(allowHostNetwork, allowedNetworks, allowedImages);
  }

  /**
   * @throws IllegalArgumentException naming the flag whose value is out of range or unknown
   */
  public IsolationPolicy policy() {
    // Before anything starts: a bad capability is one line at once, not after the broker is up.
    return DockerRuntime.validate(
        new IsolationPolicy(tasks(), pidsLimit, maxTmpfs, capDrop, capAdd));
  }

  /** 64m, 1g, or a number of bytes. */
  static final class Size implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return Quantities.memoryBytes(value)
          .orElseThrow(
              () ->
                  new CommandLine.TypeConversionException(
                      "'" + value + "' is not a size (e.g. 64m, 1g)"));
    }
  }
}
