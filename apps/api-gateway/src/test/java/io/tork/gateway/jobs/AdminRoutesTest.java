package io.tork.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.gateway.core.InMemoryJobCommands;
import io.tork.gateway.core.InMemoryViews;
import io.tork.model.DeleteJob;
import io.tork.model.Job;
import io.tork.model.JobState;
import io.tork.model.ScheduledJob;
import io.tork.model.ScheduledJob.ScheduledJobState;
import io.tork.model.codec.JobDocuments;
import io.tork.model.codec.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code DELETE /jobs/{id}} and the next run of scheduled jobs, over the gateway's ports in memory:
 * what is refused, what is sent, what each answer shows.
 */
class AdminRoutesTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  private final InMemoryViews views = InMemoryViews.loaded();
  private final InMemoryJobCommands commands = new InMemoryJobCommands();
  private final DocumentParsers parsers = new DocumentParsers();

  @AfterEach
  void close() {
    parsers.close();
  }

  private RouterFunction<ServerResponse> routes() {
    return JobRoutes.routes(commands, views, Duration.ofMillis(200), views.health(), parsers);
  }

  private WebTestClient client() {
    return WebTestClient.bindToRouterFunction(routes()).build();
  }

  private WebTestClient as(String user) {
    return SignedIn.as(user, routes());
  }

  private static String id(char c) {
    return String.valueOf(c).repeat(32);
  }

  private static Job job(char c, JobState state) {
    String yaml = "name: j\ntasks: [{name: t, image: alpine:3.18.3, run: 'true'}]\n";
    return Job.pending(
            id(c),
            JobDocuments.parse(yaml.getBytes(StandardCharsets.UTF_8), "text/yaml"),
            T0,
            "ann")
        .withState(state);
  }

  @Test
  void anEndedJobIsDeletedARunningOneIsRefusedAnUnknownOneIsA404() {
    views.put(job('a', JobState.FAILED)).put(job('b', JobState.RUNNING));
    client().delete().uri("/jobs/" + id('a')).exchange().expectStatus().isOk();
    client()
        .delete()
        .uri("/jobs/" + id('b'))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.message")
        .isEqualTo("job is RUNNING: cancel it first");
    client().delete().uri("/jobs/" + id('c')).exchange().expectStatus().isNotFound();
    assertThat(commands.commands()).singleElement().isInstanceOf(DeleteJob.class);
    assertThat(((DeleteJob) commands.commands().getFirst()).jobId()).isEqualTo(id('a'));
  }

  @Test
  void aJobIsDeletedOnlyByThoseWhoMayCancelIt() {
    views.put(job('a', JobState.COMPLETED));
    as("bob").delete().uri("/jobs/" + id('a')).exchange().expectStatus().isNotFound();
    as("ann").delete().uri("/jobs/" + id('a')).exchange().expectStatus().isOk();
    assertThat(commands.commands()).hasSize(1);
  }

  private void scheduled(char c, ScheduledJobState state) {
    String yaml =
        "name: hourly\nschedule: {cron: '0 * * * *', timezone: Asia/Kolkata}\n"
            + "tasks: [{name: t, image: alpine:3.18.3, run: 'true'}]\n";
    views.put(
        new ScheduledJob(
            id(c),
            JobDocuments.parseScheduled(yaml.getBytes(StandardCharsets.UTF_8), "text/yaml"),
            state,
            T0,
            T0,
            "guest"));
  }

  private Map<String, Object> read(String path) {
    byte[] body =
        client()
            .get()
            .uri(path)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBody();
    @SuppressWarnings("unchecked")
    Map<String, Object> map = Json.read(body, Map.class);
    return map;
  }

  @Test
  void aScheduledJobShowsItsZoneAndNextRunEverywhereAndNoneWhilePaused() {
    scheduled('5', ScheduledJobState.ACTIVE);
    scheduled('6', ScheduledJobState.PAUSED);
    Instant before = Instant.now();
    Map<String, Object> one = read("/scheduled-jobs/" + id('5'));
    assertThat(one.get("timezone")).isEqualTo("Asia/Kolkata");
    Instant next = Instant.parse((String) one.get("nextRunAt"));
    // Kolkata is UTC+05:30: its top of the hour is half past in UTC, within the hour to come.
    assertThat(next).isAfter(before).isBefore(before.plus(Duration.ofHours(1)));
    assertThat(next.atZone(ZoneOffset.UTC).getMinute()).isEqualTo(30);

    @SuppressWarnings("unchecked")
    List<Object> items = (List<Object>) read("/scheduled-jobs").get("items");
    Map<String, Object> active = (Map<String, Object>) items.get(0);
    Map<String, Object> paused = (Map<String, Object>) items.get(1);
    assertThat(active.get("id")).isEqualTo(id('5'));
    assertThat(active.get("nextRunAt")).isEqualTo(next.toString());
    assertThat(paused.get("timezone")).isEqualTo("Asia/Kolkata");
    assertThat(paused).containsEntry("nextRunAt", null);
    assertThat(read("/scheduled-jobs/" + id('6'))).containsEntry("nextRunAt", null);
  }
}
