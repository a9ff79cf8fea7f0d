package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tork.cli.LimitOptions;
import io.tork.gateway.kafka.JobViews;
import io.tork.model.TaskLogPart;
import io.tork.model.Topics;
import io.tork.model.codec.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * State is durable in standalone mode: a restart on the same data dir still serves old jobs. The
 * tests share one engine, which one of them restarts.
 */
class RestartIT {
  /** This engine also has a body limit of its own, given as the flag gives it. */
  @RegisterExtension
  static final StandaloneEngine engine =
      StandaloneEngine.docker()
          .checkNoContainersLeft()
          .options(
              o ->
                  o.withLimits(
                      CommandLine.populateCommand(new LimitOptions(), "--max-body-size", "600k")
                          .limits()));

  static final TorkApi api = engine.api();

  @Test
  void completedJobsSurviveARestart() {
    String id = api.submitYaml(StandaloneIT.HELLO);
    assertThat(api.awaitEnd(id, Duration.ofSeconds(30)).path("state").asString())
        .isEqualTo("COMPLETED");
    String firstNode = engine.nodeId();
    long firstRead = engine.running().jobViews().recordsRead();
    engine.restart();
    // The API's view is on disk with its offsets: a restart resumes, it does not replay or
    // parse the submitted documents again (ADR 33).
    assertThat(engine.running().jobViews().recordsRead()).isLessThan(firstRead);
    assertThat(engine.running().jobViews().documentsParsed()).isZero();
    var job = api.job(id);
    assertThat(job.path("state").asString()).isEqualTo("COMPLETED");
    assertThat(job.path("execution")).hasSize(2);
    // The engine still runs new jobs after the restart.
    String next = api.submitYaml(StandaloneIT.HELLO);
    assertThat(api.awaitEnd(next, Duration.ofSeconds(30)).path("state").asString())
        .isEqualTo("COMPLETED");
    // Only this test's engines: other tests may run containers on the same Docker meanwhile (the
    // one running now is checked once it has stopped, after the last test).
    assertThat(DockerCheck.nodeContainers(firstNode)).isEmpty();
  }

  /**
   * A record of every view topic that no reader can read: none may stop a view (no poison pill).
   */
  private static void poisonEveryViewTopic(String bootstrapServers) throws Exception {
    byte[] garbage = "{\"not\": \"a record\"".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String key = "f".repeat(32);
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (String topic :
          List.of(
              Topics.DEFAULT.jobViews(),
              Topics.DEFAULT.taskViews(),
              Topics.DEFAULT.logs(),
              Topics.DEFAULT.scheduledJobViews())) {
        producer.send(new ProducerRecord<>(topic, key, garbage)).get();
      }
    }
  }

  /**
   * A gateway that starts on existing topics replays them: until it holds everything committed
   * before it started, it is not live (health DOWN) and a miss is not an answer (with 100,000 jobs
   * the replay outlasted the 5 s catch-up wait, and a restarted engine answered 404 for old jobs).
   */
  @Test
  void aStartingViewIsLiveOnlyOnceItHoldsEveryEarlierJob() throws Exception {
    // The engine's body limit is its own (600k), given as the flag gives it.
    TorkApi.Response tooLarge = api.post("/jobs", "text/yaml", "x".repeat(620_000));
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.body().path("message").asString())
        .isEqualTo("body: larger than the limit of 614400 bytes");
    assertThat(api.post("/jobs", "text/yaml", "x".repeat(610_000)).status())
        .as("under the limit: read, and refused for what it is")
        .isEqualTo(400);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ids.add(api.submitYaml(StandaloneIT.HELLO));
    }
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> ids.stream().allMatch(id -> api.state(id).equals("COMPLETED")));
    // A long history to replay: the log lines of an earlier (deleted-since) job.
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, engine.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      String old = "0".repeat(32);
      for (int i = 0; i < 30_000; i++) {
        TaskLogPart line = new TaskLogPart(old, "1".repeat(32), i, "line " + i, Instant.now());
        producer.send(new ProducerRecord<>(Topics.DEFAULT.logs(), old, Json.write(line)));
      }
    }
    poisonEveryViewTopic(engine.bootstrapServers());
    try (JobViews views = new JobViews(engine.bootstrapServers(), Topics.DEFAULT)) {
      assertThat(views.isLoaded()).isFalse();
      views.start();
      await()
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(1))
          .atMost(Duration.ofSeconds(60))
          .until(views::isLive);
      for (String id : ids) {
        assertThat(views.find(id))
            .hasValueSatisfying(
                snapshot -> assertThat(snapshot.job().state().name()).isEqualTo("COMPLETED"));
      }
    }
    // The engine's own view read the same unreadable records, skipped them and goes on.
    assertThat(api.get("/health").status()).isEqualTo(200);
    String after = api.submitYaml(StandaloneIT.HELLO);
    await().atMost(Duration.ofSeconds(30)).until(() -> api.state(after), "COMPLETED"::equals);
  }
}
