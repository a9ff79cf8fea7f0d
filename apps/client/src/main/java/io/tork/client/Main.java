package io.tork.client;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tork} as a client of the REST API. {@code bin/tork} sends {@code run}, {@code jobs},
 * {@code logs}, {@code queues}, {@code nodes} and {@code health} here; the engine's own commands
 * ({@code standalone}, {@code scheduler}, {@code worker}, {@code gateway}) live in the engine's
 * launcher.
 */
@Command(
    name = "tork",
    mixinStandardHelpOptions = true,
    version = "tork-java client 0.1.0",
    description = "A client of the Tork REST API.",
    subcommands = {
      RunCommand.class,
      JobsCommand.class,
      LogsCommand.class,
      ClusterCommands.Queues.class,
      ClusterCommands.Nodes.class,
      HealthCommand.class
    })
public final class Main implements Runnable {
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with the client's exit codes for usage, API and connection errors. */
  static CommandLine commandLine() {
    CommandLine line = new CommandLine(new Main());
    line.setParameterExceptionHandler(
        (e, args) -> {
          PrintWriter err = e.getCommandLine().getErr();
          err.println("tork: " + e.getMessage());
          err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          return ExitCodes.USAGE;
        });
    line.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          PrintWriter err = cmd.getErr();
          if (e instanceof ApiException api) {
            err.println("tork: " + api.getMessage() + " (HTTP " + api.status() + ")");
            return ExitCodes.FAILED;
          }
          if (e instanceof Unreachable || e instanceof IllegalArgumentException) {
            err.println("tork: " + e.getMessage());
            return ExitCodes.USAGE;
          }
          throw e;
        });
    return line;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
