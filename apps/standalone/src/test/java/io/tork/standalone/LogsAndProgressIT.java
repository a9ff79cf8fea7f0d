package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Task logs (shipped while the task runs, paged, searchable, kept across a restart), {@code
 * $TORK_PROGRESS}, and the live Server-Sent Event streams, against the real engine and Docker.
 */
class LogsAndProgressIT {
  @RegisterExtension static final StandaloneEngine engine = StandaloneEngine.docker();
  static final TorkApi api = engine.api();

  private static String firstTaskId(String jobId) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              JsonNode execution = api.job(jobId).path("execution");
              return execution.isEmpty() ? "" : execution.get(0).path("id").asString();
            },
            id -> !id.isEmpty());
  }

  private static String allContents(JsonNode page) {
    StringBuilder out = new StringBuilder();
    List<JsonNode> items = new java.util.ArrayList<>();
    page.path("items").forEach(items::add);
    java.util.Collections.reverse(items); // newest first in the answer
    items.forEach(i -> out.append(i.path("contents").asString()));
    return out.toString();
  }

  @Test
  void logsAreShippedWhileTheTaskRunsAndOutliveARestart() {
    String jobId =
        api.submitYaml(
            """
        name: chatty
        secrets: {token: tok-99887766}
        tasks:
        - name: talks
          image: ubuntu:mantic
          env: {TOKEN: "{{ secrets.token }}"}
          run: |
            echo "token is $TOKEN"
            for i in 1 2 3 4 5; do echo "line $i"; sleep 1; done
            echo "done" >&2
        """);
    String taskId = firstTaskId(jobId);
    // while it runs, the first lines are readable already
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> allContents(api.get("/tasks/" + taskId + "/log").body()).contains("line 1"));
    assertThat(api.state(jobId)).isEqualTo("RUNNING");

    assertThat(api.awaitEnd(jobId).path("state").asString()).isEqualTo("COMPLETED");
    JsonNode page = api.get("/tasks/" + taskId + "/log?size=100").body();
    String contents = allContents(page);
    assertThat(contents).contains("line 1\n", "line 5\n", "done\n", "token is [REDACTED]");
    assertThat(contents).doesNotContain("tok-99887766");
    assertThat(page.path("totalItems").asInt()).isGreaterThan(1); // several parts: shipped live
    JsonNode numbers = page.path("items");
    assertThat(numbers.get(0).path("number").asInt())
        .isGreaterThan(numbers.get(numbers.size() - 1).path("number").asInt());

    JsonNode search = api.get("/tasks/" + taskId + "/log?q=LINE%203").body();
    assertThat(search.path("items")).hasSize(1);
    assertThat(search.path("items").get(0).path("contents").asString()).contains("line 3");
    assertThat(allContents(api.get("/jobs/" + jobId + "/log?size=100").body())).isEqualTo(contents);
    assertThat(api.get("/tasks/" + taskId + "/log?size=101").status()).isEqualTo(400);
    assertThat(api.get("/tasks/nope/log").status()).isEqualTo(404);

    engine.restart();
    assertThat(allContents(api.get("/tasks/" + taskId + "/log?size=100").body()))
        .isEqualTo(contents);
    JsonNode task = api.get("/tasks/" + taskId).body();
    assertThat(task.path("state").asString()).isEqualTo("COMPLETED");
    assertThat(task.path("env").path("TOKEN").asString()).isEqualTo("[REDACTED]");
  }

  @Test
  void progressFollowsWhatTheTaskWrites() {
    String jobId =
        api.submitYaml(
            """
        name: progress
        tasks:
        - name: half way
          image: ubuntu:mantic
          run: |
            echo 50 > $TORK_PROGRESS
            sleep 4
        - {name: second, image: ubuntu:mantic, run: "true"}
        """);
    String taskId = firstTaskId(jobId);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> api.get("/tasks/" + taskId).body().path("progress").asDouble() == 50.0);
    assertThat(api.job(jobId).path("progress").asDouble()).isEqualTo(25.0);
    JsonNode job = api.awaitEnd(jobId);
    assertThat(job.path("progress").asDouble()).isEqualTo(100.0);
  }

  @Test
  void theJobsEventsAndTheTasksLogStreamLiveAndEnd() throws Exception {
    String jobId =
        api.submitYaml(
            """
        name: streamed
        tasks:
        - name: streams
          image: ubuntu:mantic
          run: |
            sleep 2
            for i in 1 2 3; do echo "streamed $i"; sleep 1; done
        """);
    CompletableFuture<List<String>> events = stream("/jobs/" + jobId + "/events");
    String taskId = firstTaskId(jobId);
    CompletableFuture<List<String>> log = stream("/tasks/" + taskId + "/log?follow=true");

    List<String> eventLines = events.get(60, TimeUnit.SECONDS);
    assertThat(eventLines).contains("event:job", "event:task");
    assertThat(String.join("\n", eventLines))
        .contains("\"state\":\"RUNNING\"")
        .contains("\"state\":\"COMPLETED\"");
    assertThat(eventLines.getLast()).contains("\"state\":\"COMPLETED\"");
    // Every event's data is a JSON object with each key once.
    eventLines.stream()
        .filter(l -> l.startsWith("data:"))
        .forEach(l -> TorkApi.JSON.readTree(l.substring("data:".length())));

    String logText = String.join("\n", log.get(60, TimeUnit.SECONDS));
    assertThat(logText).contains("event:log").contains("streamed 1").contains("streamed 3");
  }

  /** The data and event lines of an SSE stream, read until the server ends it. */
  private CompletableFuture<List<String>> stream(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + engine.port() + path))
            .timeout(Duration.ofSeconds(60))
            .header("Accept", "text/event-stream")
            .GET()
            .build();
    return HttpClient.newHttpClient()
        .sendAsync(request, HttpResponse.BodyHandlers.ofLines())
        .thenApply(
            response -> {
              assertThat(response.statusCode()).isEqualTo(200);
              return response.body().filter(l -> !l.isBlank()).toList();
            });
  }
}
