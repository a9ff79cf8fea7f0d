package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Queue and job administration and the next run of scheduled jobs, through the REST API against the
 * real engine and Docker: a deleted queue fails what waits on it and leaves what runs; a deleted
 * job is gone with its records and logs; a schedule's {@code nextRunAt} moves on after each run.
 */
class AdminIT {
  @RegisterExtension
  static final StandaloneEngine engine =
      StandaloneEngine.docker()
          .queues(Map.of("default", 2, "work", 1))
          .options(
              o ->
                  o.withLimits(
                      picocli.CommandLine.populateCommand(
                              new io.tork.cli.LimitOptions(), "--min-cron-interval", "1s")
                          .limits()))
          .checkNoContainersLeft();

  static final TorkApi api = engine.api();

  private static String onWork(String name, String run) {
    return api.submitYaml(
        """
        name: %s
        tasks:
        - name: %s
          image: ubuntu:mantic
          queue: work
          run: %s
        """
            .formatted(name, name, run));
  }

  @Test
  void aDeletedQueueFailsTheTasksWaitingOnItAndLeavesTheOneRunning() {
    // Busy long enough that the deletion is decided while the worker's one slot is taken.
    String busy = onWork("busy", "sleep 20; echo -n done > $TORK_OUTPUT");
    api.awaitState(busy, "RUNNING", Duration.ofSeconds(30));
    String waiting = onWork("waiting", "echo never");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> api.get("/queues/work").body().path("size").asInt() == 1);
    JsonNode queue = api.get("/queues/work").body();
    assertThat(queue.path("name").asString()).isEqualTo("work");
    assertThat(queue.path("subscribers").asInt()).isEqualTo(1);
    assertThat(api.get("/queues/no-such-queue").status()).isEqualTo(404);

    TorkApi.Response deleted = api.delete("/queues/work");
    assertThat(deleted.status()).as("%s", deleted.body()).isEqualTo(200);

    JsonNode failed = api.awaitEnd(waiting, Duration.ofSeconds(30));
    assertThat(failed.path("state").asString()).isEqualTo("FAILED");
    assertThat(failed.path("error").asString()).isEqualTo("queue deleted");
    assertThat(failed.path("execution").get(0).path("state").asString()).isEqualTo("FAILED");
    assertThat(failed.path("execution").get(0).path("error").asString()).isEqualTo("queue deleted");
    assertThat(api.state(busy)).isEqualTo("RUNNING");
    JsonNode done = api.awaitEnd(busy, Duration.ofSeconds(60));
    assertThat(done.path("state").asString()).isEqualTo("COMPLETED");
    assertThat(done.path("execution").get(0).path("result").asString()).isEqualTo("done");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> api.get("/queues/work").body().path("size").asInt() == 0);
    // The failed record, still on the topic, is taken by the worker and stopped at once.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> DockerCheck.jobContainers(waiting).isEmpty());
    assertThat(api.state(waiting)).isEqualTo("FAILED");
  }

  @Test
  void aDeletedJobIsGoneWithItsTasksAndLogsAndARunningOneMustBeCancelledFirst() {
    String id =
        api.submitYaml(
            """
            name: to delete
            tasks: [{name: say, image: ubuntu:mantic, run: echo deleted-soon}]
            """);
    JsonNode ended = api.awaitEnd(id);
    assertThat(ended.path("state").asString()).isEqualTo("COMPLETED");
    String taskId = ended.path("execution").get(0).path("id").asString();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> api.get("/jobs/" + id + "/log").body().path("items").size() > 0);

    String running =
        api.submitYaml(
            """
            name: still running
            tasks: [{name: sleep, image: ubuntu:mantic, run: sleep 30}]
            """);
    api.awaitState(running, "RUNNING", Duration.ofSeconds(30));
    TorkApi.Response refused = api.delete("/jobs/" + running);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body().path("message").asString())
        .isEqualTo("job is RUNNING: cancel it first");
    assertThat(api.delete("/jobs/" + "0".repeat(32)).status()).isEqualTo(404);

    assertThat(api.delete("/jobs/" + id).status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/jobs/" + id).status() == 404);
    assertThat(api.get("/tasks/" + taskId).status()).isEqualTo(404);
    assertThat(api.get("/tasks/" + taskId + "/log").status()).isEqualTo(404);
    assertThat(api.get("/jobs/" + id + "/log").status()).isEqualTo(404);
    assertThat(api.get("/jobs?q=to+delete").body().path("items")).isEmpty();

    assertThat(api.put("/jobs/" + running + "/cancel").status()).isEqualTo(200);
    api.awaitState(running, "CANCELLED", Duration.ofSeconds(30));
    assertThat(api.delete("/jobs/" + running).status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/jobs/" + running).status() == 404);
  }

  @Test
  void aSchedulesNextRunMovesOnAfterEachRunAndIsNullWhilePaused() {
    TorkApi.Response created =
        api.post(
            "/scheduled-jobs",
            "text/yaml",
            """
            name: every three seconds
            schedule: {cron: "*/3 * * * * *", timezone: Europe/Paris}
            tasks: [{name: t, image: ubuntu:mantic, run: "true"}]
            """);
    assertThat(created.status()).as("%s", created.body()).isEqualTo(200);
    String id = created.body().path("id").asString();
    assertThat(created.body().path("timezone").asString()).isEqualTo("Europe/Paris");
    Instant first = Instant.parse(created.body().path("nextRunAt").asString());
    assertThat(first.getEpochSecond() % 3).isZero();

    // Once the tick has started its job, the next run is a later tick.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              // Read once the scheduler has it (the creation's answer comes before).
              JsonNode now = api.get("/scheduled-jobs/" + id).body();
              return now.path("nextRunAt").isString()
                  && Instant.parse(now.path("nextRunAt").asString()).isAfter(first);
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.get("/jobs?q=every+three+seconds").body().path("totalItems").asInt() > 0);
    JsonNode listed = api.get("/scheduled-jobs").body().path("items");
    assertThat(listed).anySatisfy(s -> assertThat(s.path("nextRunAt").isString()).isTrue());

    assertThat(api.put("/scheduled-jobs/" + id + "/pause").status()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> api.get("/scheduled-jobs/" + id).body().path("nextRunAt").isNull());
    assertThat(api.get("/scheduled-jobs/" + id).body().path("timezone").asString())
        .isEqualTo("Europe/Paris");
    assertThat(api.delete("/scheduled-jobs/" + id).status()).isEqualTo(200);
  }
}
