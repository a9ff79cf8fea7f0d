package io.tork.client;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import tools.jackson.databind.JsonNode;

/** {@code tork queues} and {@code tork nodes}. */
final class ClusterCommands {
  private ClusterCommands() {}

  @Command(
      name = "queues",
      mixinStandardHelpOptions = true,
      description = "Each queue's waiting tasks and workers.")
  static final class Queues extends ListCommand {
    Queues() {
      super("/queues", Queues::describe);
    }

    private static String describe(JsonNode queues) {
      Table table = new Table("QUEUE", "WAITING", "WORKERS");
      queues.forEach(
          q ->
              table.row(
                  Formats.text(q, "name"), q.path("size").asLong(), q.path("subscribers").asInt()));
      return table.toString();
    }
  }

  @Command(
      name = "nodes",
      mixinStandardHelpOptions = true,
      description = "Workers, schedulers and gateways heard from in the last 5 minutes.")
  static final class Nodes extends ListCommand {
    Nodes() {
      super("/nodes", Nodes::describe);
    }

    private static String describe(JsonNode nodes) {
      Table table =
          new Table("NODE", "ROLE", "STATUS", "QUEUES", "TASKS", "CPU", "HOST", "LAST HEARTBEAT");
      nodes.forEach(
          n ->
              table.row(
                  Formats.text(n, "id"),
                  Formats.text(n, "role"),
                  Formats.text(n, "status"),
                  queues(n.path("queues")),
                  n.path("taskCount").asInt(),
                  String.format(Locale.ROOT, "%.1f%%", n.path("cpuPercent").asDouble()),
                  Formats.text(n, "hostname"),
                  Formats.time(n, "lastHeartbeatAt")));
      return table.toString();
    }

    private static String queues(JsonNode queues) {
      StringBuilder out = new StringBuilder();
      for (Iterator<Map.Entry<String, JsonNode>> it = queues.properties().iterator();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> q = it.next();
        out.append(out.isEmpty() ? "" : ",").append(q.getKey()).append(':').append(q.getValue());
      }
      return out.toString();
    }
  }

  /** Prints one list of the API: as a table for people, as it is for {@code --output json}. */
  abstract static class ListCommand implements Callable<Integer> {
    @Mixin ClientOptions options;
    private final String path;
    private final Function<JsonNode, String> table;

    ListCommand(String path, Function<JsonNode, String> table) {
      this.path = path;
      this.table = table;
    }

    @Override
    public Integer call() {
      return options.print(options.client().get(path), table);
    }
  }
}
