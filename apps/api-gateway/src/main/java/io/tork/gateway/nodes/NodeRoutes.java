package io.tork.gateway.nodes;

import io.tork.gateway.core.NodeReads;
import io.tork.gateway.core.QueueReads;
import io.tork.gateway.core.ViewCounts;
import io.tork.gateway.docs.ApiDocs;
import io.tork.model.Heartbeat;
import io.tork.model.codec.ApiJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.webflux.core.fn.SpringdocRouteBuilder;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /nodes}: nodes heard from in the last 5 minutes, UP or OFFLINE (silent for longer than
 * the node expiry). {@code GET /queues}: each queue's size and subscribers.
 */
public final class NodeRoutes {
  private static final Duration LISTED_FOR = Duration.ofMinutes(5);

  private NodeRoutes() {}

  public static RouterFunction<ServerResponse> routes(
      NodeReads nodes, QueueReads queues, ViewCounts views, Duration nodeExpiry, Clock clock) {
    return SpringdocRouteBuilder.route()
        .GET(
            "/nodes",
            request -> json(ApiJson.write(nodes(nodes.all(), nodeExpiry, clock.instant()))),
            ApiDocs.nodes("listNodes"))
        .GET(
            "/node",
            request -> json(ApiJson.write(nodes(nodes.all(), nodeExpiry, clock.instant()))),
            ApiDocs.alias(ApiDocs.nodes(""), "listNodesSeed"))
        .GET(
            "/queues",
            request ->
                Mono.fromCallable(() -> queues.all(views.waitingByQueue()))
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(all -> json(ApiJson.write(all))),
            ApiDocs.queues())
        .build();
  }

  static List<Map<String, Object>> nodes(List<Heartbeat> heartbeats, Duration expiry, Instant now) {
    return heartbeats.stream()
        .filter(h -> h.at().isAfter(now.minus(LISTED_FOR)))
        .sorted(Comparator.comparing(Heartbeat::role).thenComparing(Heartbeat::nodeId))
        .map(
            h -> {
              Map<String, Object> node = new LinkedHashMap<>();
              node.put("id", h.nodeId());
              node.put("role", h.role());
              node.put("hostname", h.hostname());
              node.put("status", h.at().isBefore(now.minus(expiry)) ? "OFFLINE" : "UP");
              node.put("queues", h.queues());
              node.put("taskCount", h.running());
              node.put("cpuPercent", h.cpuPercent());
              node.put("memoryUsedBytes", h.memoryUsedBytes());
              node.put("version", h.version());
              node.put("startedAt", h.startedAt());
              node.put("lastHeartbeatAt", h.at());
              return node;
            })
        .toList();
  }

  private static Mono<ServerResponse> json(byte[] body) {
    return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
  }
}
