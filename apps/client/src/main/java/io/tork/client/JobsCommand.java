package io.tork.client;

import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code tork jobs list|get|cancel|restart|delete}. */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    description = "List, read, cancel, restart and delete jobs.",
    subcommands = {
      JobsCommand.ListJobs.class,
      JobsCommand.GetJob.class,
      JobsCommand.CancelJob.class,
      JobsCommand.RestartJob.class,
      JobsCommand.DeleteJob.class
    })
final class JobsCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Jobs, newest first.")
  static final class ListJobs implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Option(
        names = {"-q", "--query"},
        paramLabel = "QUERY",
        defaultValue = "",
        description = "Words (in name, description, state), tag:x, tags:a,b.")
    String query;

    @Option(names = "--state", paramLabel = "STATE", description = "Only jobs in this state.")
    String state;

    @Option(names = "--page", defaultValue = "1", description = "From 1 (default: 1).")
    int page;

    @Option(names = "--size", defaultValue = "20", description = "1..20 (default: 20).")
    int size;

    @Override
    public Integer call() {
      String q = query.strip();
      if (state != null && !state.isBlank()) {
        q = (q + " " + state.strip().toUpperCase(Locale.ROOT)).strip();
      }
      return options.print(
          options
              .client()
              .get(
                  "/jobs?page="
                      + this.page
                      + "&size="
                      + size
                      + (q.isEmpty() ? "" : "&q=" + TorkClient.encode(q))),
          ListJobs::describe);
    }

    static String describe(JsonNode page) {
      Table table = new Table("ID", "NAME", "STATE", "CREATED", "RUNTIME", "PROGRESS");
      for (JsonNode job : page.path("items")) {
        String s = Formats.text(job, "state");
        table.row(
            Formats.text(job, "id"),
            Formats.text(job, "name"),
            s,
            Formats.time(job, "createdAt"),
            Formats.runtime(job),
            JobFollower.isTerminal(s) ? "" : Math.round(job.path("progress").asDouble()) + "%");
      }
      return table
          + String.format(
              "page %d of %d, %d jobs%n",
              page.path("number").asInt(),
              Math.max(1, page.path("totalPages").asInt()),
              page.path("totalItems").asInt());
    }
  }

  /** What the commands on one job take: the client's options and the job's id. */
  abstract static class OnJob implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Parameters(paramLabel = "ID")
    String id;

    String path() {
      return "/jobs/" + TorkClient.encode(id);
    }
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "A job and its task records.")
  static final class GetJob extends OnJob {
    @Override
    public Integer call() {
      return options.print(options.client().get(path()), GetJob::describe);
    }

    static String describe(JsonNode job) {
      StringBuilder out = new StringBuilder();
      out.append("id:       ").append(Formats.text(job, "id")).append('\n');
      out.append("name:     ").append(Formats.text(job, "name")).append('\n');
      out.append("state:    ").append(Formats.text(job, "state")).append('\n');
      out.append("created:  ").append(Formats.time(job, "createdAt")).append('\n');
      if (!Formats.runtime(job).isEmpty()) {
        out.append("runtime:  ").append(Formats.runtime(job)).append('\n');
      }
      for (String field : new String[] {"result", "error"}) {
        if (!Formats.text(job, field).isEmpty()) {
          out.append(String.format("%-9s ", field + ":")).append(Formats.text(job, field));
          out.append('\n');
        }
      }
      Table tasks = new Table("TASK", "STATE", "ATTEMPT", "NODE", "STARTED", "RUNTIME", "RESULT");
      for (JsonNode task : job.path("execution")) {
        String error = Formats.text(task, "error");
        tasks.row(
            (Formats.text(task, "parentId").isEmpty() ? "" : "  ") + Formats.text(task, "name"),
            Formats.text(task, "state"),
            task.path("attempt").asInt(1),
            Formats.text(task, "nodeId"),
            Formats.time(task, "startedAt"),
            Formats.runtime(task),
            error.isEmpty() ? Formats.text(task, "result") : error);
      }
      return out.append('\n').append(tasks).toString();
    }
  }

  @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a job.")
  static final class CancelJob extends JobVerb {
    CancelJob() {
      super("cancel");
    }
  }

  @Command(
      name = "restart",
      mixinStandardHelpOptions = true,
      description = "Restart a FAILED or CANCELLED job from the task that did not complete.")
  static final class RestartJob extends JobVerb {
    RestartJob() {
      super("restart");
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a job that has ended, with its tasks and logs.")
  static final class DeleteJob extends JobVerb {
    DeleteJob() {
      super("delete");
    }

    @Override
    JsonNode send() {
      return options.client().delete(path());
    }
  }

  /** {@code PUT /jobs/{id}/<verb>} (or what {@link #send} sends), its status printed. */
  abstract static class JobVerb extends OnJob {
    private final String verb;

    JobVerb(String verb) {
      this.verb = verb;
    }

    JsonNode send() {
      return options.client().put(path() + "/" + verb);
    }

    @Override
    public Integer call() {
      return options.print(
          send(), answer -> Formats.text(answer, "status") + System.lineSeparator());
    }
  }
}
