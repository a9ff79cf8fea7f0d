package io.tork.kafka.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tork.kafka.Health;
import io.tork.model.codec.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's operations port, apart from the REST API (which only the gateway has): {@code GET
 * /metrics} in Prometheus' text format (OpenMetrics when the scraper asks for it), {@code GET
 * /health/live} (200 while the process answers) and {@code GET /health/ready} (200 while every part
 * of its {@link Health} is up, else 503 naming those that are not). Nothing else, no request body
 * read, no authentication: it listens on loopback unless told otherwise ({@link MetricsEndpoint}).
 * Served by the JDK's own HTTP server, on two threads of its own.
 */
public final class MetricsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
  static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
  static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService threads;
  private final PrometheusMeterRegistry registry;
  private final Health health;

  private MetricsServer(
      HttpServer server, ExecutorService threads, PrometheusMeterRegistry registry, Health health) {
    this.server = server;
    this.threads = threads;
    this.registry = registry;
    this.health = health;
  }

  /**
   * Serves {@code registry} and {@code health} at {@code where}.
   *
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static MetricsServer start(
      MetricsEndpoint where, PrometheusMeterRegistry registry, Health health) {
    HttpServer server;
    try {
      server =
          HttpServer.create(
              new InetSocketAddress(InetAddress.getByName(where.host()), where.port()), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + where.host() + ":" + where.port() + " for metrics", e);
    }
    ExecutorService threads =
        Executors.newFixedThreadPool(2, Thread.ofPlatform().name("metrics-", 0).daemon().factory());
    MetricsServer metrics = new MetricsServer(server, threads, registry, health);
    server.setExecutor(threads);
    server.createContext("/", metrics::handle);
    server.start();
    log.atInfo()
        .addKeyValue("host", where.host())
        .addKeyValue("port", metrics.port())
        .log("metrics and health served");
    return metrics;
  }

  /** The port it listens on (the real one when started with 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().add("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
        return;
      }
      switch (exchange.getRequestURI().getPath()) {
        case "/metrics" -> metrics(exchange);
        case "/health/live" -> send(exchange, 200, "application/json", "{\"status\":\"UP\"}");
        case "/health/ready" -> ready(exchange);
        default -> send(exchange, 404, "text/plain; charset=utf-8", "not found\n");
      }
    } catch (RuntimeException e) {
      log.atWarn().addKeyValue("error", e.toString()).log("metrics request failed");
    }
  }

  private void metrics(HttpExchange exchange) throws IOException {
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    String type =
        accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS : TEXT;
    send(exchange, 200, type, registry.scrape(type));
  }

  private void ready(HttpExchange exchange) throws IOException {
    var problems = health.problems();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", problems.isEmpty() ? "UP" : "DOWN");
    if (!problems.isEmpty()) {
      body.put("problems", problems);
    }
    send(
        exchange,
        problems.isEmpty() ? 200 : 503,
        "application/json",
        new String(Json.write(body), StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
