package io.tork.gateway.metrics;

import io.tork.gateway.core.NodeReads;
import io.tork.gateway.core.ViewCounts;
import io.tork.gateway.docs.ApiDocs;
import io.tork.model.Heartbeat;
import io.tork.model.JobState;
import io.tork.model.codec.ApiJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.webflux.core.fn.SpringdocRouteBuilder;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /metrics}, Tork's shape: {@code {"jobs": {"running": N}, "tasks": {"running": N},
 * "nodes": {"online": N, "cpuPercent": X}}}. Jobs and tasks are counted in this gateway's view;
 * nodes online are those heard from within the node expiry (UP in {@code GET /nodes}), and their
 * CPU is the mean of what they last reported. Counts are kept as records arrive: an answer costs
 * the number of nodes, not of jobs.
 */
public final class MetricsRoutes {
  private MetricsRoutes() {}

  public static RouterFunction<ServerResponse> routes(
      ViewCounts jobs, NodeReads nodes, Duration nodeExpiry, Clock clock) {
    return SpringdocRouteBuilder.route()
        .GET(
            "/metrics",
            request ->
                ServerResponse.ok()
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(
                        ApiJson.write(
                            metrics(
                                jobs.jobCount(JobState.RUNNING),
                                jobs.runningTaskCount(),
                                nodes.all(),
                                nodeExpiry,
                                clock.instant()))),
            ApiDocs.metrics())
        .build();
  }

  static Map<String, Object> metrics(
      int runningJobs,
      int runningTasks,
      List<Heartbeat> heartbeats,
      Duration nodeExpiry,
      Instant now) {
    List<Heartbeat> online =
        heartbeats.stream().filter(h -> !h.at().isBefore(now.minus(nodeExpiry))).toList();
    double cpu = online.stream().mapToDouble(Heartbeat::cpuPercent).average().orElse(0);
    Map<String, Object> nodes = new LinkedHashMap<>();
    nodes.put("online", online.size());
    nodes.put("cpuPercent", Math.round(cpu * 100) / 100.0);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("jobs", Map.of("running", runningJobs));
    out.put("tasks", Map.of("running", runningTasks));
    out.put("nodes", nodes);
    return out;
  }
}
