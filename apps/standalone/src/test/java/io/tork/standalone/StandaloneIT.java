package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tork.model.JobIds;
import io.tork.model.Topics;
import io.tork.model.codec.JobDocuments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** The standalone engine end to end: real broker, real scheduler, real worker, real Docker. */
class StandaloneIT {
  static final String HELLO =
      """
      ---
      name: hello job
      tasks:
      - name: say hello
        image: ubuntu:mantic
        run: |
          echo -n hello world
      - name: say goodbye
        image: ubuntu:mantic
        run: |
          echo -n bye world
      """;

  @RegisterExtension
  static final StandaloneEngine engine = StandaloneEngine.docker().checkNoContainersLeft();

  static final TorkApi api = engine.api();

  static JsonNode awaitState(String id, String state) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> api.state(id),
            s -> s.equals(state) || s.equals("FAILED") || s.equals("COMPLETED"));
    JsonNode job = api.job(id);
    assertThat(job.path("state").asString()).as("job %s: %s", id, job).isEqualTo(state);
    return job;
  }

  private static List<String> fields(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.path(field).asString()));
    return out;
  }

  /**
   * A document the API accepted is parsed and validated once in the whole engine (the gateway, the
   * scheduler and the gateway's view run in this JVM): the others read the validated job (ADR 57).
   */
  @Test
  void aDocumentTheApiAcceptedIsValidatedOnce() {
    long before = JobDocuments.documentsRead();
    String id = api.submitYaml(HELLO);
    awaitState(id, "COMPLETED");
    assertThat(JobDocuments.documentsRead() - before).isOne();
  }

  @Test
  void theSeedsHelloJobCompletesWithBothTasks() {
    long posted = System.nanoTime();
    String id = api.submitYaml(HELLO);
    assertThat(id).matches("[0-9a-f]{32}");
    JsonNode job = awaitState(id, "COMPLETED");
    assertThat(Duration.ofNanos(System.nanoTime() - posted)).isLessThan(Duration.ofSeconds(10));
    JsonNode execution = job.path("execution");
    assertThat(fields(execution, "name")).containsExactly("say hello", "say goodbye");
    assertThat(fields(execution, "state")).containsExactly("COMPLETED", "COMPLETED");
    // The seed's tasks print to stdout, not to $TORK_OUTPUT: their results are empty.
    assertThat(fields(execution, "result")).containsExactly("", "");
    assertThat(fields(execution, "nodeId")).containsOnly(engine.nodeId());
    execution.forEach(
        t -> {
          assertThat(t.path("id").asString()).matches("[0-9a-f]{32}");
          assertThat(t.path("createdAt").isMissingNode()).isFalse();
          assertThat(t.path("startedAt").isMissingNode()).isFalse();
          assertThat(t.path("completedAt").isMissingNode()).isFalse();
        });
    assertThat(job.path("startedAt").isMissingNode()).isFalse();
    assertThat(job.path("completedAt").isMissingNode()).isFalse();
  }

  /**
   * The OpenAPI description has every route the router serves, and no other: a route added without
   * its description fails here. Each operation names its answers, errors included ({"message"}).
   */
  @Test
  void everyServedRouteIsDescribedInTheOpenApiDocument() {
    TorkApi.Response docs = api.get("/v3/api-docs");
    assertThat(docs.status()).isEqualTo(200);
    java.util.Set<String> documented = new java.util.TreeSet<>();
    docs.body()
        .path("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        op -> {
                          documented.add(
                              op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
                          assertThat(op.getValue().path("responses").properties())
                              .as("answers of %s %s", op.getKey(), path.getKey())
                              .isNotEmpty();
                        }));
    assertThat(ServedRoutes.of(engine.running().gateway())).isEqualTo(documented);
    assertThat(
            docs.body()
                .path("paths")
                .path("/jobs")
                .path("post")
                .path("responses")
                .path("400")
                .path("content")
                .path("application/json")
                .path("schema")
                .path("$ref")
                .asString())
        .isEqualTo("#/components/schemas/Error");
    assertThat(
            docs.body()
                .path("paths")
                .path("/jobs/{id}")
                .path("get")
                .path("parameters")
                .get(0)
                .path("name")
                .asString())
        .isEqualTo("id");
    TorkApi.Response ui = api.get("/swagger-ui.html");
    assertThat(ui.status()).as("Swagger UI").isIn(200, 302);
  }

  /**
   * One metrics port for all the parts: the scheduler's counts, the worker's durations, the API's
   * gauges, every Kafka client's meters (spring-kafka's and the plain ones side by side),
   * readiness.
   */
  @Test
  void theEnginesMetricsAndReadinessAreOnItsMetricsPort() throws Exception {
    awaitState(api.submitYaml(HELLO), "COMPLETED");
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.util.function.Function<String, java.net.http.HttpResponse<String>> get =
        path -> {
          try {
            return http.send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:" + engine.running().metricsPort() + path))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                get.apply("/metrics")
                    .body()
                    .contains("tork_nodes{role=\"worker\",status=\"UP\"} 1.0"));
    assertThat(get.apply("/metrics").body())
        .containsPattern("tork_jobs_total\\{state=\"COMPLETED\"} [1-9]")
        .containsPattern("tork_tasks_total\\{queue=\"default\",state=\"COMPLETED\"} [1-9]")
        .containsPattern("tork_task_duration_seconds_count\\{queue=\"default\"} [1-9]")
        .contains("tork_queue_size{queue=\"default\"}")
        .contains("kafka_stream_", "jvm_memory_used_bytes")
        .contains("client_id=\"tork-gateway-consumer-", "client_id=\"worker-" + engine.nodeId());
    assertThat(get.apply("/health/ready").statusCode()).isEqualTo(200);
    assertThat(get.apply("/health/live").statusCode()).isEqualTo(200);
    // The Grafana dashboard asks only for meters the engine has.
    String metrics = get.apply("/metrics").body();
    String dashboard =
        java.nio.file.Files.readString(
            java.nio.file.Path.of("../../infra/grafana/tork-dashboard.json"));
    java.util.regex.Matcher names =
        java.util.regex.Pattern.compile("\\b((?:tork|kafka|jvm|process)_[a-z_]+)")
            .matcher(dashboard);
    java.util.Set<String> asked = new java.util.TreeSet<>();
    while (names.find()) {
      asked.add(names.group(1));
    }
    assertThat(asked).hasSizeGreaterThan(10);
    assertThat(asked).allSatisfy(name -> assertThat(metrics).as(name).contains(name));
  }

  @Test
  void thePostAnswersThePendingJobAndItIsReadableRightAway() {
    TorkApi.Response response = api.post("/jobs", "text/yaml", HELLO);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body().path("state").asString()).isEqualTo("PENDING");
    assertThat(response.body().path("createdAt").asString()).isNotEmpty();
    assertThat(fields(response.body().path("tasks"), "name"))
        .containsExactly("say hello", "say goodbye");
    String id = response.body().path("id").asString();
    assertThat(api.get("/jobs/" + id).status()).isEqualTo(200);
  }

  @Test
  void theSeedsJsonExampleIsAccepted() {
    TorkApi.Response response =
        api.post(
            "/job",
            "application/json; charset=utf-8",
            """
            {"name":"sample job","tasks":[{
              "name": "sample task",
              "image": "ubuntu:mantic",
              "run": "echo hello world"
            }]}\
            """);
    assertThat(response.status()).isEqualTo(200);
    awaitState(response.body().path("id").asString(), "COMPLETED");
  }

  @Test
  void aFailingTaskFailsTheJobAndLaterTasksNeverRun() {
    String id =
        api.submitYaml(
            """
            name: failing job
            tasks:
            - name: fail
              image: ubuntu:mantic
              run: |
                echo about to fail >&2
                exit 3
            - name: never
              image: ubuntu:mantic
              run: echo never
            """);
    JsonNode job = awaitState(id, "FAILED");
    JsonNode execution = job.path("execution");
    assertThat(execution).hasSize(1);
    String error = execution.get(0).path("error").asString();
    assertThat(error).contains("exit code 3").contains("about to fail");
    assertThat(job.path("error").asString()).isEqualTo(error);
  }

  @Test
  void aVarCarriesOneTasksOutputToTheNext() {
    String id =
        api.submitYaml(
            """
            name: var chain
            tasks:
            - name: populate a variable
              image: ubuntu:mantic
              var: task1
              run: |
                echo -n "world" >> "$TORK_OUTPUT"
            - name: say hello
              image: ubuntu:mantic
              env:
                NAME: "{{ tasks.task1 }}"
              run: |
                echo -n hello $NAME >> "$TORK_OUTPUT"
            """);
    JsonNode job = awaitState(id, "COMPLETED");
    assertThat(fields(job.path("execution"), "result")).containsExactly("world", "hello world");
    assertThat(job.path("context").path("tasks").path("task1").asString()).isEqualTo("world");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no tasks          | text/yaml        | 'name: j\n"
            + "tasks: []'                     | tasks: must contain at least one task",
        "no image          | text/yaml        | 'name: j\n"
            + "tasks:\n"
            + "- name: t\n"
            + "  run: x'   | tasks[0].image: is required",
        "malformed YAML    | text/yaml        | '{name: j'                               | body:"
            + " malformed YAML",
        "a JSON array      | application/json | '[{\"name\":\"j\"}]'                     | body:"
            + " wrong type",
        "unknown type      | text/plain       | 'name: j'                                |"
            + " Content-Type: 'text/plain' is not supported",
        "empty body        | application/json | ''                                       | body: is"
            + " empty",
        "unknown field     | text/yaml        | 'name: j\n"
            + "foo: 1\n"
            + "tasks:\n"
            + "- name: t\n"
            + "  image: i' | foo: unknown field",
        "unknown function  | text/yaml        | 'name: j\n"
            + "tasks:\n"
            + "- name: t\n"
            + "  image: i\n"
            + "  env:\n"
            + "    A: \"{{ nope() }}\"' | tasks[0].env.A: invalid expression 'nope()': unknown"
            + " function 'nope'; the functions are: contains",
        "YAML sent by -d   | text/yaml        | 'name: j tasks: - name: t image: i'      |"
            + " --data-binary",
        "form-encoded      | application/x-www-form-urlencoded | 'name=j'                |"
            + " --data-binary",
      })
  void badSubmissionsGetA400NamingTheProblemAndProduceNothing(
      String label, String contentType, String body, String message) throws Exception {
    long before = endOffsetOfJobs();
    TorkApi.Response response = api.post("/job", contentType, body);
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body().path("message").asString()).contains(message.strip());
    assertThat(endOffsetOfJobs()).as("records on the jobs topic").isEqualTo(before);
  }

  @Test
  void anUnknownIdIs404() {
    TorkApi.Response response = api.get("/job/" + JobIds.random());
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.body().path("message").asString()).isEqualTo("job not found");
  }

  @Test
  void everyErrorHasTheMessageShapeUnknownPathsAndMethodsIncluded() {
    TorkApi.Response unknown = api.get("/no/such/path");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().path("message").asString()).isEqualTo("not found");
    assertThat(unknown.body().size()).as("only a message: %s", unknown.body()).isEqualTo(1);

    TorkApi.Response method = api.delete("/jobs");
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.body().path("message").asString())
        .isEqualTo("method DELETE is not allowed here; allowed: GET, POST");
    // Two routes on the path (GET and DELETE): both named, neither's pattern merged into the other.
    TorkApi.Response onAJob = api.put("/jobs/" + JobIds.random());
    assertThat(onAJob.status()).isEqualTo(405);
    assertThat(onAJob.body().path("message").asString())
        .isEqualTo("method PUT is not allowed here; allowed: GET, DELETE");

    TorkApi.Response tooLarge = api.post("/jobs", "text/yaml", "x".repeat(2 * 1024 * 1024));
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.body().path("message").asString())
        .startsWith("body: larger than the limit");
  }

  /**
   * A document just under the body limit (1 MiB) goes to the jobs topic and runs: the API's
   * producer takes records as large as the topics do, not its client's default of 1 MiB, which a
   * record of such a body, with its key and headers, is over.
   */
  @Test
  void aDocumentJustUnderTheBodyLimitIsAcceptedAndRuns() {
    String job =
        "name: near the limit\ntasks:\n- name: t\n  image: ubuntu:mantic\n  run: \"true\"\n";
    StringBuilder doc = new StringBuilder();
    while (doc.length() < 1024 * 1024 - 200 - job.length()) {
      doc.append("# ").append("padding ".repeat(12)).append('\n');
    }
    doc.append(job);
    assertThat(doc.length()).isBetween(1024 * 1024 - 300, 1024 * 1024 - 1);
    TorkApi.Response response = api.post("/jobs", "text/yaml", doc.toString());
    assertThat(response.status()).as("%s", response).isEqualTo(200);
    awaitState(response.body().path("id").asString(), "COMPLETED");
  }

  @Test
  void aWaitPastItsTimeoutNamesTheJobItStarted() {
    TorkApi.Response response =
        api.post(
            "/jobs",
            "text/yaml",
            """
            name: too long to wait for
            wait:
              timeout: 500ms
            tasks:
            - name: sleep
              image: ubuntu:mantic
              run: sleep 3
            """);
    assertThat(response.status()).isEqualTo(408);
    assertThat(response.body().path("message").asString())
        .isEqualTo("timeout waiting for job to complete");
    String id = response.body().path("id").asString();
    assertThat(response.location()).isEqualTo("/jobs/" + id);
    awaitState(id, "COMPLETED");
  }

  @Test
  void aQueueNoWorkerHasServedShowsItsSizeAndNoSubscribers() {
    String id =
        api.submitYaml(
            """
            name: for nobody
            tasks:
            - name: waits
              image: ubuntu:mantic
              queue: nobody-serves-this
              run: echo never
            """);
    awaitState(id, "SCHEDULED");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              TorkApi.Response queues = api.get("/queues");
              assertThat(queues.status()).isEqualTo(200);
              JsonNode nobody = null;
              for (JsonNode q : queues.body()) {
                if (q.path("name").asString().equals("nobody-serves-this")) {
                  nobody = q;
                }
              }
              assertThat(nobody).as("%s", queues.body()).isNotNull();
              assertThat(nobody.path("size").asLong()).isEqualTo(1);
              assertThat(nobody.path("subscribers").asInt()).isZero();
            });
    assertThat(api.put("/jobs/" + id + "/cancel").status()).isEqualTo(200);
  }

  @Test
  void healthIsUp() {
    TorkApi.Response response = api.get("/health");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body().path("status").asString()).isEqualTo("UP");
    // The process's parts, each with its state (ADR 34).
    JsonNode components = response.body().path("components");
    for (String part : List.of("job-views", "node-views")) {
      assertThat(components.path(part).path("state").asString()).as(part).isEqualTo("UP");
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> api.get("/health").body().path("components").path("kafka").path("state"),
            state -> state.asString().equals("UP"));
  }

  /**
   * Documents are parsed off the API's I/O threads (ADR 35): while eight documents at the body
   * limit, full of template fields, are parsed at once, {@code /health} answers at once. Each is
   * refused at its very end (the last task has no image), after every field was checked, so nothing
   * runs.
   */
  @Test
  void healthAnswersPromptlyWhileLargeDocumentsAreParsed() throws Exception {
    StringBuilder doc = new StringBuilder("name: many templates\ninputs: {x: \"1\"}\ntasks:\n");
    for (int i = 0; doc.length() < 1_000_000; i++) {
      doc.append("- name: \"t{{ inputs.x }}-")
          .append(i)
          .append("\"\n  image: \"busybox:{{ inputs.x }}\"\n  run: \"true\"\n")
          .append("  env: {A: \"{{ upper(inputs.x) }} {{ len(inputs.x) }}\"}\n");
    }
    doc.append("- name: last\n  run: \"true\"\n");
    String body = doc.toString();
    List<java.util.concurrent.CompletableFuture<TorkApi.Response>> posts = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      posts.add(
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> api.post("/jobs", "text/yaml", body)));
    }
    List<Long> healthMs = new ArrayList<>();
    while (posts.stream().anyMatch(p -> !p.isDone())) {
      long begin = System.nanoTime();
      assertThat(api.get("/health").status()).isEqualTo(200);
      healthMs.add((System.nanoTime() - begin) / 1_000_000);
    }
    for (var post : posts) {
      TorkApi.Response response = post.get(60, TimeUnit.SECONDS);
      assertThat(response.status()).as("%s", response).isEqualTo(400);
      assertThat(response.body().path("message").asString()).contains(".image: is required");
    }
    assertThat(healthMs)
        .as("/health times (ms) while parsing")
        .isNotEmpty()
        .allMatch(ms -> ms < 1_000);
    System.out.println("/health while parsing (ms): " + healthMs);
  }

  @Test
  void anyKafkaProducerCanSubmitWithOrWithoutAKey() throws Exception {
    try (var producer =
        new KafkaProducer<String, String>(
            Map.of("bootstrap.servers", engine.bootstrapServers(), "acks", "all"),
            new StringSerializer(),
            new StringSerializer())) {
      String keyed = JobIds.random();
      producer
          .send(new ProducerRecord<>(Topics.DEFAULT.jobs(), keyed, HELLO))
          .get(10, TimeUnit.SECONDS);
      RecordMetadata keyless =
          producer
              .send(
                  new ProducerRecord<>(
                      Topics.DEFAULT.jobs(),
                      "{\"name\":\"keyless\",\"tasks\":[{\"name\":\"t\",\"image\":\"ubuntu:mantic\",\"run\":\"echo"
                          + " -n hi > $TORK_OUTPUT\"}]}"))
              .get(10, TimeUnit.SECONDS);
      String invalid = JobIds.random();
      producer
          .send(new ProducerRecord<>(Topics.DEFAULT.jobs(), invalid, "name: broken\ntasks: []\n"))
          .get(10, TimeUnit.SECONDS);

      awaitState(keyed, "COMPLETED");
      String keylessId =
          JobIds.fromName(keyless.topic() + "/" + keyless.partition() + "/" + keyless.offset());
      JsonNode job = awaitState(keylessId, "COMPLETED");
      assertThat(job.path("execution").get(0).path("result").asString()).isEqualTo("hi");
      JsonNode broken = awaitState(invalid, "FAILED");
      assertThat(broken.path("error").asString())
          .isEqualTo("tasks: must contain at least one task");
      assertThat(broken.path("name").asString()).isEqualTo("broken");
    }
  }

  private static long endOffsetOfJobs() throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", engine.bootstrapServers()))) {
      var partitions =
          admin
              .describeTopics(List.of(Topics.DEFAULT.jobs()))
              .allTopicNames()
              .get()
              .get(Topics.DEFAULT.jobs())
              .partitions();
      Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
      partitions.forEach(
          p ->
              request.put(
                  new TopicPartition(Topics.DEFAULT.jobs(), p.partition()), OffsetSpec.latest()));
      return admin.listOffsets(request).all().get().values().stream()
          .mapToLong(i -> i.offset())
          .sum();
    }
  }

  @Test
  void nodesListEveryRoleAndQueuesTheirSizes() {
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              JsonNode nodes = api.get("/nodes").body();
              List<String> roles = new ArrayList<>();
              nodes.forEach(n -> roles.add(n.path("role").asString()));
              assertThat(roles).contains("worker", "scheduler", "gateway");
              JsonNode worker = null;
              for (JsonNode n : nodes) {
                if (n.path("id").asString().equals(engine.nodeId())) {
                  worker = n;
                }
              }
              assertThat(worker).isNotNull();
              assertThat(worker.path("status").asString()).isEqualTo("UP");
              assertThat(worker.path("queues").path("default").asInt()).isEqualTo(4);
            });
    JsonNode queues = api.get("/queues").body();
    List<String> names = new ArrayList<>();
    queues.forEach(q -> names.add(q.path("name").asString()));
    assertThat(names).contains("default");
    queues.forEach(
        q -> {
          if (q.path("name").asString().equals("default")) {
            assertThat(q.path("subscribers").asInt()).isEqualTo(1);
            assertThat(q.path("size").asLong()).isGreaterThanOrEqualTo(0);
          }
        });
  }
}
