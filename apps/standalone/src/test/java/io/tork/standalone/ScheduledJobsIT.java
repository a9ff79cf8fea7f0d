package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tork.model.Topics;
import io.tork.scheduler.kafka.SchedulerApp;
import io.tork.scheduler.kafka.SchedulerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Scheduled jobs through the REST API, with two scheduler instances sharing the work (the
 * standalone engine's and a second one in this JVM): every tick of every schedule starts exactly
 * one job, and ticks missed while everything was down start one job, not one each. The tests share
 * one engine; each removes the schedules it made.
 */
class ScheduledJobsIT {
  // Ticks every 2 s: under the default minimum interval between ticks, so the limit is lowered.
  @RegisterExtension
  static final StandaloneEngine engine =
      StandaloneEngine.docker()
          .options(
              o ->
                  o.withLimits(
                      picocli.CommandLine.populateCommand(
                              new io.tork.cli.LimitOptions(), "--min-cron-interval", "1s")
                          .limits()));

  static final TorkApi api = engine.api();
  static SchedulerApp second;

  @BeforeAll
  static void startSecond() {
    second =
        new SchedulerApp(
            new SchedulerSettings(
                io.tork.kafka.KafkaClients.to(engine.bootstrapServers()),
                Topics.DEFAULT,
                "tork-scheduler",
                engine.dataDir().resolve("second-scheduler"),
                12,
                (short) 1,
                0,
                Duration.ofMillis(10),
                Duration.ofSeconds(15),
                Duration.ofSeconds(5),
                "second"));
    second.start(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stopSecond() {
    if (second != null) {
      second.close();
      second = null;
    }
  }

  private String create(String name, String cron) {
    TorkApi.Response response =
        api.post(
            "/scheduled-jobs",
            "text/yaml",
            """
            name: %s
            schedule: {cron: "%s"}
            tasks: [{name: t, image: ubuntu:mantic, run: "true"}]
            """
                .formatted(name, cron));
    assertThat(response.status()).as("%s", response.body()).isEqualTo(200);
    assertThat(response.body().path("state").asString()).isEqualTo("ACTIVE");
    assertThat(response.body().path("cron").asString()).isEqualTo(cron);
    return response.body().path("id").asString();
  }

  /** The ticks the jobs of one scheduled job were started for, in order. */
  private List<Instant> ticks(String scheduledId, String name) {
    List<Instant> ticks = new ArrayList<>();
    for (int page = 1; ; page++) {
      JsonNode body = api.get("/jobs?size=20&page=" + page + "&q=" + name).body();
      body.path("items")
          .forEach(
              job -> {
                if (job.path("schedule").path("id").asString().equals(scheduledId)) {
                  ticks.add(Instant.parse(job.path("schedule").path("tick").asString()));
                }
              });
      if (page >= body.path("totalPages").asInt()) {
        break;
      }
    }
    ticks.sort(null);
    return ticks;
  }

  private static void assertEveryTwoSeconds(List<Instant> ticks) {
    for (int i = 1; i < ticks.size(); i++) {
      assertThat(Duration.between(ticks.get(i - 1), ticks.get(i)))
          .as("ticks %s", ticks)
          .isEqualTo(Duration.ofSeconds(2));
    }
  }

  @Test
  void everyTickOfEveryScheduleStartsOneJobWhicheverSchedulerOwnsIt() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(create("every-two-" + i, "*/2 * * * * *"));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                ids.stream().allMatch(id -> ticks(id, "every-two-" + ids.indexOf(id)).size() >= 4));
    for (int i = 0; i < 4; i++) {
      List<Instant> ticks = ticks(ids.get(i), "every-two-" + i);
      assertThat(ticks).doesNotHaveDuplicates();
      assertEveryTwoSeconds(ticks);
    }
    // pause: no more jobs; resume: jobs again; delete: gone
    String id = ids.getFirst();
    assertThat(api.put("/scheduled-jobs/" + id + "/pause").status()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                api.get("/scheduled-jobs/" + id).body().path("state").asString().equals("PAUSED"));
    assertThat(api.put("/scheduled-jobs/" + id + "/pause").body().path("message").asString())
        .isEqualTo("scheduled job is not active");
    int paused = ticks(id, "every-two-0").size();
    await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> true);
    assertThat(ticks(id, "every-two-0")).hasSize(paused);
    assertThat(api.put("/scheduled-jobs/" + id + "/resume").status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(15)).until(() -> ticks(id, "every-two-0").size() > paused);
    assertThat(api.get("/scheduled-jobs").body().path("totalItems").asInt()).isEqualTo(4);
    assertThat(api.delete("/scheduled-jobs/" + id).status()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> api.get("/scheduled-jobs/" + id).status() == 404);
    ids.subList(1, ids.size()).forEach(other -> api.delete("/scheduled-jobs/" + other));
  }

  @Test
  void ticksMissedWhileEverythingWasDownStartOneJob() {
    String id = create("missed", "*/2 * * * * *");
    await().atMost(Duration.ofSeconds(20)).until(() -> ticks(id, "missed").size() >= 2);
    stopSecond();
    engine.stop();
    Instant down = Instant.now();
    await().pollDelay(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(8)).until(() -> true);
    engine.restart();
    startSecond();
    Instant up = Instant.now();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ticks(id, "missed").stream().anyMatch(t -> t.isAfter(up.plusSeconds(2))));
    List<Instant> ticks = ticks(id, "missed");
    // Before the stop and after the restart every tick has its job; the ticks in between (at
    // least 4 of them: down for 7 s plus the restart) have one job together.
    List<Duration> gaps = new ArrayList<>();
    for (int i = 1; i < ticks.size(); i++) {
      Duration gap = Duration.between(ticks.get(i - 1), ticks.get(i));
      if (!gap.equals(Duration.ofSeconds(2))) {
        gaps.add(gap);
      }
    }
    assertThat(gaps).as("ticks %s, down %s, up %s", ticks, down, up).hasSize(1);
    assertThat(gaps.getFirst()).isGreaterThanOrEqualTo(Duration.ofSeconds(8));
    // Nothing ran for the 7 s after the stop (at least 3 ticks): at most one job, the catch-up,
    // carries a tick of that window. (Not up to `up`: on a loaded machine the scheduler may fire
    // regular ticks for seconds before the whole restart returns.)
    assertThat(ticks.stream().filter(t -> t.isAfter(down) && t.isBefore(down.plusSeconds(7))))
        .as("ticks %s, down %s, up %s", ticks, down, up)
        .hasSizeLessThanOrEqualTo(1);
    assertThat(api.delete("/scheduled-jobs/" + id).status()).isEqualTo(200);
  }

  @Test
  void aBadScheduleIsRefused() {
    TorkApi.Response response =
        api.post(
            "/scheduled-jobs",
            "text/yaml",
            """
            name: bad
            schedule: {cron: "every tuesday"}
            tasks: [{name: t, image: ubuntu:mantic}]
            """);
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body().path("message").asString())
        .startsWith("schedule.cron: 'every tuesday'");
    assertThat(
            api.post(
                    "/scheduled-jobs",
                    "text/yaml",
                    "name: none\ntasks: [{name: t, image: ubuntu:mantic}]\n")
                .body()
                .path("message")
                .asString())
        .isEqualTo("schedule: is required");
  }
}
