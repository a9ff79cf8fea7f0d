package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.tork.scheduler.kafka.WebhookTargetPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * A job's secrets at rest and in every answer, end to end (real broker, real Docker): a task named
 * with its secret, with an env value built from it and a secret-named env, that echoes them to
 * stdout and to {@code $TORK_OUTPUT}, with webhooks. Then every record of every topic (all
 * partitions, changelogs and internal topics, raw) and every byte of the data dir (Kafka's logs,
 * the scheduler's and the gateway's RocksDB, task directories) are read for the plain values, and
 * every answer (job, list, task, logs, events, a webhook body) shows {@code [REDACTED]}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretsAtRestIT {
  private static final SecureRandomHex RANDOM = new SecureRandomHex();
  private static final String TOKEN = "tok-" + RANDOM.next();
  private static final String PASSWORD = "pw-" + RANDOM.next();
  private static final List<String> PLAIN = List.of(TOKEN, PASSWORD);

  static final long started = System.nanoTime(); // before the engine starts

  @RegisterExtension
  // Its webhooks call this test on 127.0.0.1, which the engine refuses unless told (ADR 48).
  static final StandaloneEngine engine =
      StandaloneEngine.docker()
          .queues(Map.of("default", 2))
          .options(o -> o.withWebhookTargets(WebhookTargetPolicy.allowing(List.of("127.0.0.1"))));

  static final TorkApi api = engine.api();
  static HttpServer hooks;
  static final List<String> hookBodies = new CopyOnWriteArrayList<>();
  static final List<String> jobHookStates = new CopyOnWriteArrayList<>();
  static final List<String> authorizations = new CopyOnWriteArrayList<>();
  static String jobId;
  static CompletableFuture<HttpResponse<String>> events;

  /** Hex of random bytes: values no record holds by chance. */
  private static final class SecureRandomHex {
    private final java.security.SecureRandom random = new java.security.SecureRandom();

    String next() {
      byte[] bytes = new byte[8];
      random.nextBytes(bytes);
      return HexFormat.of().formatHex(bytes);
    }
  }

  @BeforeAll
  static void runTheJob() throws IOException {
    hooks =
        HookServer.start(
            "127.0.0.1",
            exchange -> {
              String body = new String(exchange.getRequestBody().readAllBytes(), UTF8);
              hookBodies.add(body);
              if (exchange.getRequestURI().getPath().equals("/job")) {
                jobHookStates.add(TorkApi.JSON.readTree(body).path("state").asString());
              }
              String auth = exchange.getRequestHeaders().getFirst("Authorization");
              if (auth != null) {
                authorizations.add(auth);
              }
              exchange.sendResponseHeaders(200, -1);
              exchange.close();
            });
    String base = HookServer.base(hooks);
    jobId =
        api.submitYaml(
            """
            name: secrets at rest
            secrets: {token: %1$s}
            webhooks:
            - url: %3$s/job
              headers: {Authorization: "Bearer {{ secrets.token }}"}
            - url: %3$s/task
              event: task.StateChange
            tasks:
            - name: "n-{{ secrets.token }}"
              image: ubuntu:mantic
              var: out
              env:
                TOKEN: "{{ secrets.token }}"
                URL: "https://user:{{ secrets.token }}@example.invalid/"
                DB_PASSWORD: %2$s
              run: |
                echo "token $TOKEN at $URL with $DB_PASSWORD"
                echo -n "wrote $TOKEN" > $TORK_OUTPUT
            output: "{{ tasks.out }}"
            """
                .formatted(TOKEN, PASSWORD, base));
    // Followed from the start: the job's and its task's changes, until the job ends.
    events =
        HttpClient.newHttpClient()
            .sendAsync(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + engine.port() + "/jobs/" + jobId + "/events"))
                    .header("Accept", "text/event-stream")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> api.state(jobId), s -> Set.of("COMPLETED", "FAILED").contains(s));
    // the last webhook call, a moment behind the job's end
    await().atMost(Duration.ofSeconds(20)).until(() -> jobHookStates.contains("COMPLETED"));
  }

  @AfterAll
  static void stop() {
    if (hooks != null) {
      hooks.stop(0);
    }
    System.out.printf(
        "SecretsAtRestIT: %d ms with its engine%n", (System.nanoTime() - started) / 1_000_000);
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  @Test
  @Order(1)
  void theSecretReachedTheContainerAndNoAnswerShowsIt() throws Exception {
    JsonNode job = api.job(jobId);
    assertThat(job.path("state").asString()).as("%s", job).isEqualTo("COMPLETED");
    JsonNode task = job.path("execution").get(0);
    String taskId = task.path("id").asString();
    // it ran with the values (they are in what it printed), and shows none of them
    assertThat(task.path("name").asString()).isEqualTo("n-[REDACTED]");
    assertThat(task.path("env").path("TOKEN").asString()).isEqualTo("[REDACTED]");
    assertThat(task.path("env").path("URL").asString())
        .isEqualTo("https://user:[REDACTED]@example.invalid/");
    assertThat(task.path("env").path("DB_PASSWORD").asString()).isEqualTo("[REDACTED]");
    assertThat(task.path("result").asString()).isEqualTo("wrote [REDACTED]");
    assertThat(job.path("result").asString()).isEqualTo("wrote [REDACTED]");
    assertThat(job.path("secrets").path("token").asString()).isEqualTo("[REDACTED]");
    String log = api.get("/tasks/" + taskId + "/log").body().toString();
    assertThat(log)
        .contains("token [REDACTED] at https://user:[REDACTED]@example.invalid/ with [REDACTED]");

    List<String> answers = new ArrayList<>();
    answers.add(job.toString());
    answers.add(api.get("/jobs").body().toString());
    answers.add(api.get("/jobs?q=secrets").body().toString());
    answers.add(api.get("/tasks/" + taskId).body().toString());
    answers.add(api.get("/jobs/" + jobId + "/tasks").body().toString());
    answers.add(log);
    answers.add(api.get("/jobs/" + jobId + "/log").body().toString());
    String live = events.get(30, TimeUnit.SECONDS).body().replace("event: ", "event:");
    assertThat(live).contains("event:job", "event:task");
    answers.add(live);
    answers.add(stream("/tasks/" + taskId + "/log?follow=true"));
    for (String answer : answers) {
      assertThat(answer).contains("[REDACTED]");
      assertNoPlain("an answer", answer.getBytes(UTF8));
    }
    // webhook bodies: the task's name (the job's summary shows no secret field)
    assertThat(hookBodies).anyMatch(body -> body.contains("\"name\":\"n-[REDACTED]\""));
    hookBodies.forEach(body -> assertNoPlain("a webhook body", body.getBytes(UTF8)));
    // the one place the secret goes: the webhook's own header, to its endpoint
    assertThat(authorizations).isNotEmpty().allMatch(("Bearer " + TOKEN)::equals);
  }

  @Test
  @Order(2)
  void noTopicHoldsTheSecretPlain() throws Exception {
    Map<String, Object> config =
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, engine.bootstrapServers());
    List<TopicPartition> partitions = new ArrayList<>();
    try (Admin admin = Admin.create(config)) {
      Set<String> topics =
          admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
      assertThat(topics)
          .contains("__consumer_offsets", "__transaction_state", "tork.jobs", "tork.job-views")
          .anyMatch(t -> t.endsWith("-changelog"));
      for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get().values()) {
        assertThat(PLAIN).noneMatch(d.name()::contains);
        d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition())));
      }
    }
    long records = 0;
    long sealed = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                engine.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_uncommitted", // aborted transactions' records too
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        assertThat(System.nanoTime()).as("reading every topic to its end").isLessThan(deadline);
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          records++;
          String where = r.topic() + "/" + r.partition() + "@" + r.offset();
          assertNoPlain(where + " key", r.key());
          assertNoPlain(where + " value", r.value());
          for (Header h : r.headers()) {
            assertNoPlain(where + " header " + h.key(), h.value());
          }
          if (r.value() != null && new String(r.value(), UTF8).contains("enc:v1:")) {
            sealed++;
          }
        }
      }
    }
    // what was read holds the values, sealed: the job, its views, its queue record, the changelogs
    assertThat(records).isGreaterThan(20);
    assertThat(sealed).isGreaterThan(5);
  }

  @Test
  @Order(3) // last: it stops the engine
  void noFileOfTheDataDirHoldsTheSecretPlain() throws Exception {
    Path key = engine.dataDir().resolve("encryption.key");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(scan()).as("bytes of the data dir, while it runs").isGreaterThan(1_000_000);
    engine.stop(); // its stores flushed and closed: everything they hold is in files now
    scan();
  }

  /** Reads every file under the data dir, returns how many bytes; fails on a plain value. */
  private static long scan() throws IOException {
    long bytes = 0;
    boolean sealedSeen = false;
    try (Stream<Path> files = Files.walk(engine.dataDir())) {
      for (Path file : files.toList()) {
        assertThat(PLAIN).as("the path %s", file).noneMatch(file.toString()::contains);
        if (!Files.isRegularFile(file)) {
          continue;
        }
        byte[] content;
        try {
          content = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException gone) {
          continue; // removed while the walk went (a segment rolled, a task directory)
        }
        bytes += content.length;
        assertNoPlain(file.toString(), content);
        sealedSeen |= new String(content, StandardCharsets.ISO_8859_1).contains("enc:v1:");
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    assertThat(sealedSeen).as("sealed values in the files read").isTrue();
    return bytes;
  }

  /** An event stream's whole body (the job has ended: it ends too). */
  private static String stream(String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + engine.port() + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Accept", "text/event-stream")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body().replace("event: ", "event:");
  }

  private static void assertNoPlain(String where, byte[] bytes) {
    if (bytes == null) {
      return;
    }
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    for (String plain : PLAIN) {
      assertThat(text.contains(plain)).as("%s holds %s", where, plain).isFalse();
    }
  }
}
