package io.tork.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BiConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST API over the JDK's {@link HttpURLConnection}: JSON answers as trees, Tork's {@code
 * {"message": ...}} errors as {@link ApiException}, an unreachable server as {@link Unreachable},
 * and Server-Sent Events read line by line. ({@code java.net.http.HttpClient} costs a command a
 * selector thread and the default TLS context before its first request: about 0.2 s of a start that
 * should take half a second; ADR 22.)
 */
final class TorkClient {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  /** An answer's status and body, whatever the status. */
  record Answer(int status, String body) {}

  private final String server;
  private final String apiKey;

  TorkClient(String server, String apiKey) {
    this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
    this.apiKey = apiKey;
  }

  String server() {
    return server;
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  JsonNode get(String path) {
    return json(exchange("GET", path, null, null));
  }

  JsonNode put(String path) {
    return json(exchange("PUT", path, new byte[0], null));
  }

  JsonNode delete(String path) {
    return json(exchange("DELETE", path, null, null));
  }

  JsonNode post(String path, byte[] body, String contentType) {
    return json(exchange("POST", path, body, contentType));
  }

  /** The status and body of a GET, whatever the status (for health checks). */
  Answer raw(String path) {
    return exchange("GET", path, null, null);
  }

  /**
   * Reads a Server-Sent Events stream until the server ends it, calling {@code onEvent} with each
   * event's name and data.
   */
  void events(String path, BiConsumer<String, String> onEvent) {
    HttpURLConnection connection = open("GET", path, Duration.ZERO); // a stream may be quiet
    connection.setRequestProperty("Accept", "text/event-stream");
    try {
      int status = connection.getResponseCode();
      if (status / 100 != 2) {
        throw error(status, read(connection.getErrorStream()));
      }
      try (BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
        String name = "";
        StringBuilder data = new StringBuilder();
        for (String line; (line = lines.readLine()) != null; ) {
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
      }
    } catch (IOException e) {
      throw new Unreachable(server, e);
    } finally {
      connection.disconnect();
    }
  }

  private static String field(String line, int from) {
    String value = line.substring(from);
    return value.startsWith(" ") ? value.substring(1) : value;
  }

  private HttpURLConnection open(String method, String path, Duration readTimeout) {
    URI uri;
    try {
      uri = URI.create(server + path);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URL: " + server + path);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("not an http(s) URL: " + server);
    }
    try {
      HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
      connection.setRequestMethod(method);
      connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
      connection.setReadTimeout((int) readTimeout.toMillis());
      connection.setInstanceFollowRedirects(false);
      if (!apiKey.isEmpty()) {
        connection.setRequestProperty("Authorization", "Bearer " + apiKey);
      }
      return connection;
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URL: " + server + path);
    }
  }

  private Answer exchange(String method, String path, byte[] body, String contentType) {
    HttpURLConnection connection = open(method, path, READ_TIMEOUT);
    connection.setRequestProperty("Accept", "application/json");
    try {
      if (body != null) {
        connection.setDoOutput(true);
        if (contentType != null) {
          connection.setRequestProperty("Content-Type", contentType);
        }
        connection.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = connection.getOutputStream()) {
          out.write(body);
        }
      }
      int status = connection.getResponseCode();
      InputStream in =
          status / 100 == 2 ? connection.getInputStream() : connection.getErrorStream();
      return new Answer(status, read(in));
    } catch (IOException e) {
      throw new Unreachable(server, e);
    }
  }

  private static String read(InputStream in) throws IOException {
    if (in == null) {
      return "";
    }
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static JsonNode json(Answer answer) {
    if (answer.status() / 100 != 2) {
      throw error(answer.status(), answer.body());
    }
    return answer.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(answer.body());
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
