package io.tork.client;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code tork run FILE}: submits the document, then follows the job to its end. Exit code 0
 * COMPLETED, 1 FAILED, 2 CANCELLED, 3 a usage error, a refused document or an unreachable server.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Submit a job document (YAML or JSON; - for stdin) and follow the job to its end:",
      "task states, progress and log lines as they happen.",
      "Exit code: 0 COMPLETED, 1 FAILED, 2 CANCELLED, 3 usage or connection error."
    })
final class RunCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Parameters(paramLabel = "FILE", description = "The job document.")
  String file;

  @Option(names = "--detach", description = "Print the job id and return at once.")
  boolean detach;

  @Option(names = "--quiet", description = "Leave out the tasks' log lines.")
  boolean quiet;

  @Option(
      names = "--cancel-on-interrupt",
      description = "On Ctrl-C, cancel the job (by default Ctrl-C only stops following it).")
  boolean cancelOnInterrupt;

  @Override
  public Integer call() throws Exception {
    byte[] document = read(file);
    TorkClient client = options.client();
    JsonNode job;
    try {
      job = client.post("/jobs", document, contentType(file, document));
    } catch (ApiException e) {
      System.err.println("tork: the document was refused: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    String id = Formats.text(job, "id");
    if (detach) {
      System.out.println(options.json() ? job.toString() : id);
      return ExitCodes.OK;
    }
    // People read the progress on stdout; with -o json, stdout is the final job alone.
    PrintStream human = options.json() ? System.err : System.out;
    Printer printer = new Printer(human);
    printer.line("job " + id + " submitted: " + Formats.text(job, "name"));
    AtomicBoolean finished = new AtomicBoolean();
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform().unstarted(() -> onInterrupt(client, id, printer, finished)));
    JsonNode end;
    try {
      end = new JobFollower(client, printer, true, !quiet).follow(id);
    } finally {
      finished.set(true); // from here, an exit is not an interrupted follow
    }
    String state = Formats.text(end, "state");
    String error = Formats.text(end, "error");
    printer.line(
        "job "
            + id
            + " "
            + state
            + " in "
            + Formats.duration(Duration.between(Formats.instant(end, "createdAt"), endOf(end)))
            + (error.isEmpty() ? "" : ": " + error));
    if (options.json()) {
      System.out.println(end.toString());
    }
    return ExitCodes.of(state);
  }

  private static Instant endOf(JsonNode job) {
    Instant ended = Formats.ended(job);
    return ended != null ? ended : Instant.now();
  }

  /** Ctrl-C while following: stop following, or with --cancel-on-interrupt cancel the job. */
  private void onInterrupt(TorkClient client, String id, Printer printer, AtomicBoolean finished) {
    if (finished.get()) {
      return;
    }
    if (!cancelOnInterrupt) {
      printer.line("stopped following job " + id + " (it goes on): tork logs " + id + " --follow");
      Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
    }
    try {
      client.put("/jobs/" + id + "/cancel");
      printer.line("job " + id + " cancelled");
      Runtime.getRuntime().halt(ExitCodes.CANCELLED);
    } catch (RuntimeException e) {
      printer.line("tork: cannot cancel job " + id + ": " + e.getMessage());
      Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
    }
  }

  static byte[] read(String file) throws IOException {
    try {
      return file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such file: " + file);
    }
  }

  /** JSON for a .json file or a document that starts with '{'; YAML otherwise. */
  static String contentType(String file, byte[] document) {
    if (file.endsWith(".json")) {
      return "application/json";
    }
    for (byte b : document) {
      if (!Character.isWhitespace(b)) {
        return b == '{' ? "application/json" : "text/yaml";
      }
    }
    return "text/yaml";
  }
}
