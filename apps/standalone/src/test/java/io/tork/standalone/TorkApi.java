package io.tork.standalone;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.function.IntSupplier;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small client of the REST API, for end-to-end tests: plain HTTP, as curl would speak it. Every
 * answer is read strictly: a key written twice in one object fails the test that read it.
 */
final class TorkApi {
  /** The states a job ends in. */
  static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "CANCELLED");

  static final JsonMapper JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final IntSupplier port;
  private final String authorization;

  TorkApi(int port) {
    this(() -> port, "");
  }

  /** A client that sends {@code Authorization: authorization} with every request. */
  TorkApi(int port, String authorization) {
    this(() -> port, authorization);
  }

  /**
   * A client of the API listening on {@code port}, asked at each request: it follows an engine that
   * is started again on another port.
   */
  TorkApi(IntSupplier port, String authorization) {
    this.port = port;
    this.authorization = authorization;
  }

  /** The same API, as another caller. */
  TorkApi as(String otherAuthorization) {
    return new TorkApi(port, otherAuthorization);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port.getAsInt() + path);
  }

  static String bearer(String key) {
    return "Bearer " + key;
  }

  static String basic(String user, String password) {
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString(
                (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * @param location the {@code Location} header, empty when none
   */
  record Response(int status, JsonNode body, String location) {}

  Response post(String path, String contentType, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return send(request.build());
  }

  Response put(String path) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(30))
            .PUT(HttpRequest.BodyPublishers.noBody())
            .build());
  }

  Response delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).DELETE().build());
  }

  Response get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build());
  }

  /** Submits a YAML job through the seed's singular path and returns its id. */
  String submitYaml(String yaml) {
    Response response = post("/job", "text/yaml", yaml);
    if (response.status() != 200) {
      throw new AssertionError("submission refused: " + response);
    }
    return response.body().path("id").asString();
  }

  JsonNode job(String id) {
    Response response = get("/job/" + id);
    if (response.status() != 200) {
      throw new AssertionError("GET /job/" + id + " -> " + response);
    }
    return response.body();
  }

  String state(String id) {
    return job(id).path("state").asString();
  }

  /**
   * Waits up to a minute for job {@code id} to end (completed, failed or cancelled); returns it.
   */
  JsonNode awaitEnd(String id) {
    return awaitEnd(id, Duration.ofSeconds(60));
  }

  /** Waits up to {@code atMost} for job {@code id} to end; returns it as it ended. */
  JsonNode awaitEnd(String id, Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> state(id), ENDED::contains);
    return job(id);
  }

  /** Waits up to {@code atMost} for job {@code id} to be in {@code state}. */
  void awaitState(String id, String state, Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> state(id), state::equals);
  }

  private Response send(HttpRequest unsigned) {
    HttpRequest request =
        authorization.isEmpty()
            ? unsigned
            : HttpRequest.newBuilder(unsigned, (name, value) -> true)
                .header("Authorization", authorization)
                .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode body =
          response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
      return new Response(
          response.statusCode(), body, response.headers().firstValue("Location").orElse(""));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
