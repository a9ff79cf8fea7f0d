package io.tork.gateway.cli;

import io.tork.cli.Cli;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How long the API's view keeps what it shows (Tork's defaults), for {@code gateway} and {@code
 * standalone}.
 */
public final class RetentionOptions {
  @Option(
      names = "--job-retention",
      defaultValue = "8760h",
      converter = Cli.DurationConverter.class,
      description =
          "How long the API keeps a job after it ended (COMPLETED, FAILED or CANCELLED)"
              + " (default: ${DEFAULT-VALUE}, a year).")
  public Duration jobs;

  @Option(
      names = "--log-retention",
      defaultValue = "168h",
      converter = Cli.DurationConverter.class,
      description =
          "How long the API keeps a task's log lines (default: ${DEFAULT-VALUE}, a week).")
  public Duration logs;

  /** The gateway's properties for these options. */
  public java.util.List<String> properties() {
    return java.util.List.of(
        "--tork.job-retention=" + jobs.toMillis() + "ms",
        "--tork.log-retention=" + logs.toMillis() + "ms");
  }
}
