package io.tork.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/** {@code tork logs ID [--follow]}: a job's log (every task's, by task) or one task's. */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description = "Print the log of a job (each line after its task's name) or of a task.")
final class LogsCommand implements Callable<Integer> {
  private static final int PAGE = 100;
  private static final int MAX_PAGES = 100;

  @Mixin ClientOptions options;

  @Parameters(paramLabel = "ID", description = "A job id or a task id.")
  String id;

  @Option(
      names = {"-f", "--follow"},
      description =
          "Go on printing new lines until the job (or task) ends (with -o json: each log part's"
              + " JSON, one a line).")
  boolean follow;

  @Override
  public Integer call() throws InterruptedException {
    TorkClient client = options.client();
    String path = TorkClient.encode(id);
    JsonNode job = lookup(client, "/jobs/" + path);
    if (job != null) {
      return job(client, job);
    }
    JsonNode task = lookup(client, "/tasks/" + path);
    if (task == null) {
      throw new ApiException(404, "no job or task " + id);
    }
    return task(client, task);
  }

  private static JsonNode lookup(TorkClient client, String path) {
    try {
      return client.get(path);
    } catch (ApiException e) {
      if (e.status() == 404) {
        return null;
      }
      throw e;
    }
  }

  private int job(TorkClient client, JsonNode job) throws InterruptedException {
    String jobId = Formats.text(job, "id");
    if (follow) {
      JobFollower follower = new JobFollower(client, new Printer(System.out), false, true);
      (options.json() ? follower.jsonLines() : follower).follow(jobId);
      return ExitCodes.OK;
    }
    Map<String, String> names = new HashMap<>();
    job.path("execution").forEach(t -> names.put(Formats.text(t, "id"), Formats.text(t, "name")));
    List<JsonNode> parts = pages(client, "/jobs/" + jobId + "/log");
    print(parts, part -> names.getOrDefault(Formats.text(part, "taskId"), "?") + " | ");
    return ExitCodes.OK;
  }

  private int task(TorkClient client, JsonNode task) {
    String taskId = Formats.text(task, "id");
    if (follow) {
      LogLines lines = new LogLines(System.out::println);
      client.events(
          "/tasks/" + taskId + "/log?follow=true",
          (name, data) -> {
            if (name.equals("log")) {
              if (options.json()) {
                System.out.println(data);
              } else {
                lines.add(Formats.text(TorkClient.JSON.readTree(data), "contents"));
              }
            }
          });
      lines.flush();
      return ExitCodes.OK;
    }
    print(pages(client, "/tasks/" + taskId + "/log"), part -> "");
    return ExitCodes.OK;
  }

  private void print(List<JsonNode> parts, java.util.function.Function<JsonNode, String> prefix) {
    if (options.json()) {
      ArrayNode array = TorkClient.JSON.createArrayNode();
      parts.forEach(array::add);
      System.out.println(array.toString());
      return;
    }
    for (JsonNode part : parts) {
      String p = prefix.apply(part);
      LogLines lines = new LogLines(line -> System.out.println(p + line));
      lines.add(Formats.text(part, "contents"));
      lines.flush();
    }
  }

  /** Every page of a log (the API pages newest first), oldest first. */
  private static List<JsonNode> pages(TorkClient client, String path) {
    List<JsonNode> parts = new ArrayList<>();
    for (int page = 1; page <= MAX_PAGES; page++) {
      JsonNode answer = client.get(path + "?page=" + page + "&size=" + PAGE);
      answer.path("items").forEach(parts::add);
      if (page >= answer.path("totalPages").asInt()) {
        break;
      }
    }
    return parts.reversed();
  }
}
