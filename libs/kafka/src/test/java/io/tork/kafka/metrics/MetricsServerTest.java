package io.tork.kafka.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.tork.kafka.Health;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The metrics port: Prometheus text, liveness, readiness from the process's health, nothing else.
 */
class MetricsServerTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final Health health = new Health();
  private ProcessMetrics metrics;
  private MetricsServer server;

  @BeforeEach
  void start() {
    metrics = new ProcessMetrics();
    server = MetricsServer.start(MetricsEndpoint.ANY_LOOPBACK_PORT, metrics.registry(), health);
  }

  @AfterEach
  void stop() {
    server.close();
    metrics.close();
  }

  private HttpResponse<String> send(String method, String path, String accept) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (accept != null) {
      request.header("Accept", accept);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsArePrometheusTextWithTheJvmsAndTheEnginesMeters() throws Exception {
    Counter.builder("tork.jobs").tag("state", "COMPLETED").register(metrics.registry()).increment();
    HttpResponse<String> response = send("GET", "/metrics", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains(MetricsServer.TEXT);
    assertThat(response.body())
        .contains("# TYPE tork_jobs_total counter")
        .contains("tork_jobs_total{state=\"COMPLETED\"} 1.0")
        .contains("jvm_memory_used_bytes", "jvm_gc_", "process_cpu_usage", "jvm_threads_live");
    HttpResponse<String> open = send("GET", "/metrics", "application/openmetrics-text");
    assertThat(open.headers().firstValue("Content-Type")).contains(MetricsServer.OPENMETRICS);
    assertThat(open.body()).endsWith("# EOF\n");
  }

  @Test
  void readyOnlyWhileEveryPartIsUpAndLiveAllTheWhile() throws Exception {
    health.down("kafka", "cannot reach the cluster");
    HttpResponse<String> down = send("GET", "/health/ready", null);
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).contains("\"status\":\"DOWN\"", "kafka is DOWN: cannot reach");
    assertThat(send("GET", "/health/live", null).statusCode()).isEqualTo(200);
    health.up("kafka");
    HttpResponse<String> up = send("GET", "/health/ready", null);
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(up.body()).isEqualTo("{\"status\":\"UP\"}");
  }

  @Test
  void nothingElseIsServed() throws Exception {
    assertThat(send("GET", "/", null).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/jobs", null).statusCode()).isEqualTo(404);
    assertThat(send("POST", "/metrics", null).statusCode()).isEqualTo(405);
    assertThat(send("HEAD", "/health/live", null).statusCode()).isEqualTo(200);
  }

  @Test
  void aLabelTakesAtMostItsBudgetOfValues() {
    LabelBudget budget = new LabelBudget(2);
    assertThat(budget.of("a")).isEqualTo("a");
    assertThat(budget.of("b")).isEqualTo("b");
    assertThat(budget.of("c")).isEqualTo(LabelBudget.OTHER);
    assertThat(budget.of("a")).isEqualTo("a");
  }
}
