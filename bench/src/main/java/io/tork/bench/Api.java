package io.tork.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST API, as a user's HTTP client speaks it. */
final class Api {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http;
  private final String base;

  interface Factory {
    Api at(int port);
  }

  Api(HttpClient http, int port) {
    this.http = http;
    this.base = "http://127.0.0.1:" + port;
  }

  boolean healthy() {
    try {
      return get("/health").statusCode() == 200;
    } catch (IOException | RuntimeException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  JsonNode job(String id) throws IOException, InterruptedException {
    HttpResponse<String> response = get("/jobs/" + id);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET /jobs/" + id + " -> " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }

  /** POSTs a YAML job; completes with its id. */
  CompletableFuture<String> submit(String yaml) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/jobs"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "text/yaml")
            .POST(HttpRequest.BodyPublishers.ofString(yaml))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(
            response -> {
              if (response.statusCode() != 200) {
                throw new IllegalStateException(
                    "POST /jobs -> " + response.statusCode() + " " + response.body());
              }
              return JSON.readTree(response.body()).path("id").asString();
            });
  }
}
