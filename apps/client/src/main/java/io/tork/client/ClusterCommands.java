package io.tork.client;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
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
  static final class Queues implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Override
    public Integer call() {
      JsonNode queues = options.client().get("/queues");
      if (options.json()) {
        System.out.println(queues.toString());
        return ExitCodes.OK;
      }
      Table table = new Table("QUEUE", "WAITING", "WORKERS");
      queues.forEach(
          q ->
              table.row(
                  Formats.text(q, "name"), q.path("size").asLong(), q.path("subscribers").asInt()));
      System.out.print(table);
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "nodes",
      mixinStandardHelpOptions = true,
      description = "Workers, schedulers and gateways heard from in the last 5 minutes.")
  static final class Nodes implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Override
    public Integer call() {
      JsonNode nodes = options.client().get("/nodes");
      if (options.json()) {
        System.out.println(nodes.toString());
        return ExitCodes.OK;
      }
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
      System.out.print(table);
      return ExitCodes.OK;
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
}
