package io.tork.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST API over the JDK's HTTP client: JSON answers as trees, Tork's {@code {"message": ...}}
 * errors as {@link ApiException}, an unreachable server as {@link Unreachable}, and Server-Sent
 * Events read line by line.
 */
final class TorkClient {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final String server;
  private final String apiKey;
  private final HttpClient http;

  TorkClient(String server, String apiKey) {
    this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    this.apiKey = apiKey;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
  }

  String server() {
    return server;
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  JsonNode get(String path) {
    return send(request(path).GET().build());
  }

  JsonNode put(String path) {
    return send(request(path).PUT(HttpRequest.BodyPublishers.noBody()).build());
  }

  JsonNode post(String path, byte[] body, String contentType) {
    return send(
        request(path)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build());
  }

  /** The status and body of a GET, whatever the status (for health checks). */
  HttpResponse<String> raw(String path) {
    return exchange(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Reads a Server-Sent Events stream until the server ends it, calling {@code onEvent} with each
   * event's name and data.
   */
  void events(String path, BiConsumer<String, String> onEvent) {
    HttpRequest request =
        authorized(HttpRequest.newBuilder(uri(path)))
            .header("Accept", "text/event-stream")
            .GET()
            .build();
    HttpResponse<Stream<String>> response = exchange(request, HttpResponse.BodyHandlers.ofLines());
    try (Stream<String> lines = response.body()) {
      if (response.statusCode() / 100 != 2) {
        StringBuilder body = new StringBuilder();
        lines.forEach(body::append);
        throw error(response.statusCode(), body.toString());
      }
      String name = "";
      StringBuilder data = new StringBuilder();
      for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
        String line = it.next();
        if (line.isEmpty()) {
          if (!data.isEmpty()) {
            onEvent.accept(name.isEmpty() ? "message" : name, data.toString());
          }
          name = "";
          data.setLength(0);
        } else if (line.startsWith("event:")) {
          name = field(line, 6);
        } else if (line.startsWith("data:")) {
          data.append(data.isEmpty() ? "" : "\n").append(field(line, 5));
        }
      }
    } catch (UncheckedIOException e) {
      throw new Unreachable(server, e.getCause());
    }
  }

  private static String field(String line, int from) {
    String value = line.substring(from);
    return value.startsWith(" ") ? value.substring(1) : value;
  }

  private HttpRequest.Builder request(String path) {
    return authorized(HttpRequest.newBuilder(uri(path)))
        .timeout(REQUEST_TIMEOUT)
        .header("Accept", "application/json");
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder request) {
    return apiKey.isEmpty() ? request : request.header("Authorization", "Bearer " + apiKey);
  }

  private URI uri(String path) {
    try {
      return URI.create(server + path);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URL: " + server + path);
    }
  }

  private JsonNode send(HttpRequest request) {
    HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw error(response.statusCode(), response.body());
    }
    return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
  }

  private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request, handler);
    } catch (IOException e) {
      throw new Unreachable(server, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreachable(server, e);
    }
  }

  private static ApiException error(int status, String body) {
    String message = "HTTP " + status;
    try {
      JsonNode node = JSON.readTree(body);
      if (node.path("message").isString()) {
        message = node.path("message").asString();
      }
    } catch (RuntimeException e) {
      // not JSON: keep the status
    }
    return new ApiException(status, message);
  }
}
