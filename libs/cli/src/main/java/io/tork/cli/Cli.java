package io.tork.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;

/** Running a tork command: defaults from the environment, Go-style durations, stop on SIGTERM. */
public final class Cli {
  private Cli() {}

  /** The command line of {@code command} with its environment and config-file defaults. */
  public static CommandLine commandLine(Object command) {
    CommandLine commandLine = new CommandLine(command);
    commandLine.setDefaultValueProvider(new EnvironmentDefaults());
    commandLine.registerConverter(Path.class, new AbsolutePathConverter());
    commandLine.setExecutionExceptionHandler(Cli::startFailed);
    return commandLine;
  }

  /**
   * A command that fails to start says why in one line on stderr and exits 1; the stack trace only
   * with {@code TORK_LOG_LEVEL=debug}.
   */
  private static int startFailed(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
    var err = commandLine.getErr();
    err.println(commandLine.getCommandSpec().qualifiedName() + ": " + reason(e));
    if ("debug".equalsIgnoreCase(System.getenv("TORK_LOG_LEVEL"))
        || "trace".equalsIgnoreCase(System.getenv("TORK_LOG_LEVEL"))) {
      e.printStackTrace(err);
    }
    err.flush();
    return 1;
  }

  /** The message a user can act on: a startup failure's own, else each cause's in turn. */
  static String reason(Throwable e) {
    if (e instanceof StartupException) {
      return e.getMessage();
    }
    StringBuilder out = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage();
      if (message != null && !message.isBlank() && out.indexOf(message) < 0) {
        if (!out.isEmpty()) {
          out.append(": ");
        }
        out.append(message.strip().replace('\n', ' '));
      }
      if (t instanceof StartupException) {
        return t.getMessage();
      }
    }
    return out.isEmpty() ? e.getClass().getSimpleName() : out.toString();
  }

  /** Runs {@code command} with {@code args} and exits the JVM with its exit code. */
  public static void main(Object command, String[] args) {
    System.exit(commandLine(command).execute(args));
  }

  /** Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM), then runs {@code stop}. */
  public static void runUntilStopped(AutoCloseable stop) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .unstarted(
                    () -> {
                      try {
                        stop.close();
                      } catch (Exception e) {
                        System.err.println("error while stopping: " + e.getMessage());
                      } finally {
                        stopped.countDown();
                      }
                    }));
    stopped.await();
  }

  /** Go-style durations on the command line: 5s, 300ms, 1m30s. */
  public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return io.tork.model.Durations.parse(value)
          .orElseThrow(
              () ->
                  new CommandLine.TypeConversionException(
                      "'" + value + "' is not a duration (e.g. 5s)"));
    }
  }
}
