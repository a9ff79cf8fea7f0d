package io.tork.gateway.jobs;

import io.tork.kafka.Health;
import io.tork.model.codec.ApiJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /health}: the process's parts (one {@link Health} per process: in standalone the
 * scheduler's, the worker's and the API's) and their states. 200 {@code {"status": "UP", ...}}
 * while every part is UP; otherwise 503 {@code {"status": "DOWN", "message": ...}} naming the ones
 * that are not. {@code status} stays the first field (clients read it); answered from memory, on
 * the event loop, at once.
 */
final class HealthHandler {
  private final Health health;

  HealthHandler(Health health) {
    this.health = health;
  }

  Mono<ServerResponse> health(ServerRequest request) {
    List<Health.Component> components = health.components();
    boolean up = components.stream().allMatch(c -> c.state() == Health.State.UP);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", up ? "UP" : "DOWN");
    if (!up) {
      body.put(
          "message",
          String.join(
              "; ",
              components.stream()
                  .filter(c -> c.state() != Health.State.UP)
                  .map(
                      c ->
                          c.name()
                              + " is "
                              + c.state()
                              + (c.detail().isEmpty() ? "" : ": " + c.detail()))
                  .toList()));
    }
    Map<String, Object> parts = new LinkedHashMap<>();
    for (Health.Component c : components) {
      Map<String, Object> part = new LinkedHashMap<>();
      part.put("state", c.state().name());
      if (!c.detail().isEmpty()) {
        part.put("detail", c.detail());
      }
      part.put("since", c.since());
      parts.put(c.name(), part);
    }
    body.put("components", parts);
    return JobHandler.json(
        up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE, ApiJson.write(body));
  }
}
