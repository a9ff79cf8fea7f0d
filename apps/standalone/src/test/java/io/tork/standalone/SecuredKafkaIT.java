package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine on a Kafka cluster that takes no plaintext client: a broker ({@link SecuredBroker})
 * whose listeners need SASL/PLAIN, or SASL/SCRAM over TLS with a certificate made by {@code
 * keytool}. Scheduler, gateways and worker are separate processes configured by {@code
 * --kafka-config} alone (no {@code --kafka}): the scheduler (Kafka Streams, plain clients) and one
 * gateway (spring-kafka) over SASL/PLAIN, the worker (plain clients) and another gateway over TLS
 * with SCRAM. A job posted to one gateway runs and is read on the other; every process serves its
 * metrics and readiness on its own port.
 */
class SecuredKafkaIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static SecuredBroker broker;
  private static final List<ChildProcess> processes = new ArrayList<>();
  private static TorkApi plainGateway;
  private static TorkApi tlsGateway;
  private static final int[] METRICS = new int[4];

  @BeforeAll
  static void start() throws Exception {
    DockerCheck.requireDocker();
    Path dir = Path.of("target", "secured-kafka").toAbsolutePath();
    broker = SecuredBroker.start(dir.resolve("broker"));
    Path plain = broker.saslPlainClientConfig();
    Path tls = broker.scramTlsClientConfig();
    for (int i = 0; i < METRICS.length; i++) {
      METRICS[i] = ChildProcess.freePort();
    }
    int plainPort = ChildProcess.freePort();
    int tlsPort = ChildProcess.freePort();
    start(
        dir,
        "scheduler",
        plain,
        METRICS[0],
        "--state-dir",
        dir.resolve("scheduler").toString(),
        "--instance-id",
        "secured",
        "--standby-replicas",
        "0");
    start(
        dir,
        "gateway",
        plain,
        METRICS[1],
        "--port",
        String.valueOf(plainPort),
        "--state-dir",
        dir.resolve("gateway-plain").toString());
    start(
        dir,
        "gateway",
        tls,
        METRICS[2],
        "--port",
        String.valueOf(tlsPort),
        "--state-dir",
        dir.resolve("gateway-tls").toString());
    start(dir, "worker", tls, METRICS[3], "--workdir", dir.resolve("work").toString());
    plainGateway = new TorkApi(plainPort);
    tlsGateway = new TorkApi(tlsPort);
    await()
        .atMost(Duration.ofSeconds(120))
        .ignoreExceptions()
        .until(
            () ->
                plainGateway.get("/health").status() == 200
                    && tlsGateway.get("/health").status() == 200);
  }

  private static void start(Path dir, String role, Path kafkaConfig, int metrics, String... args)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(role, "--kafka-config", kafkaConfig.toString()));
    command.addAll(List.of("--metrics-port", String.valueOf(metrics)));
    command.addAll(List.of(args));
    processes.add(
        ChildProcess.start(
            dir.resolve(role + "-" + processes.size() + ".log"), command.toArray(String[]::new)));
  }

  @AfterAll
  static void stop() throws Exception {
    for (ChildProcess process : processes) {
      process.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void aJobRunsThroughProcessesThatReachKafkaOnlyWithSaslOrTls() {
    String id =
        plainGateway.submitYaml(
            """
            name: secured
            tasks:
            - name: hello
              image: ubuntu:mantic
              run: echo -n hello from a secured cluster > $TORK_OUTPUT
            """);
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> tlsGateway.state(id).equals("COMPLETED"));
    assertThat(tlsGateway.job(id).path("execution").get(0).path("result").asString())
        .isEqualTo("hello from a secured cluster");
    assertThat(plainGateway.state(id)).isEqualTo("COMPLETED");
  }

  @Test
  void aPlaintextClientIsRefusedByEveryListener() {
    for (String listener : List.of(broker.saslListener(), broker.tlsListener())) {
      try (Admin admin =
          Admin.create(
              Map.of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                  listener,
                  AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                  3000,
                  AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                  2000))) {
        assertThat(admin.describeCluster().nodes())
            .as("a plaintext client of %s", listener)
            .failsWithin(Duration.ofSeconds(10))
            .withThrowableOfType(ExecutionException.class);
      }
    }
  }

  @Test
  void everyProcessServesItsMetricsAndIsReady() throws Exception {
    aJobRunsThroughProcessesThatReachKafkaOnlyWithSaslOrTls();
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () -> {
              for (int port : METRICS) {
                if (get(port, "/health/ready").statusCode() != 200) {
                  return false;
                }
              }
              return true;
            });
    String scheduler = get(METRICS[0], "/metrics").body();
    assertThat(scheduler)
        .contains("kafka_stream_", "kafka_consumer_", "kafka_producer_", "jvm_memory_used_bytes")
        .containsPattern("tork_jobs_total\\{state=\"COMPLETED\"} [1-9]")
        .containsPattern("tork_tasks_total\\{queue=\"default\",state=\"COMPLETED\"} [1-9]");
    for (int gateway : new int[] {METRICS[1], METRICS[2]}) {
      // Refreshed every 5 s: the worker's first heartbeat may be that old.
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  get(gateway, "/metrics")
                      .body()
                      .contains("tork_nodes{role=\"worker\",status=\"UP\"} 1.0"));
      assertThat(get(gateway, "/metrics").body())
          .contains("kafka_consumer_", "kafka_producer_", "tork_queue_size{queue=\"default\"}");
    }
    assertThat(get(METRICS[3], "/metrics").body())
        .contains("kafka_consumer_", "kafka_producer_")
        .containsPattern("tork_task_duration_seconds_count\\{queue=\"default\"} [1-9]")
        .contains("tork_task_duration_seconds_bucket{queue=\"default\",le=\"+Inf\"}");
    assertThat(get(METRICS[3], "/health/live").body()).isEqualTo("{\"status\":\"UP\"}");
  }

  @Test
  void noProcessLogsTheCredentials() throws Exception {
    aJobRunsThroughProcessesThatReachKafkaOnlyWithSaslOrTls();
    try (var logs = Files.list(Path.of("target", "secured-kafka").toAbsolutePath())) {
      for (Path log : logs.filter(f -> f.toString().endsWith(".log")).toList()) {
        assertThat(Files.readString(log))
            .as(log.toString())
            .doesNotContain(
                SecuredBroker.PLAIN_PASSWORD,
                SecuredBroker.SCRAM_PASSWORD,
                SecuredBroker.STORE_PASSWORD);
      }
    }
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
