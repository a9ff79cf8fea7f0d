package io.tork.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.tork.model.Job;
import io.tork.model.JobSpec;
import io.tork.model.Permission;
import io.tork.model.ScheduledJob;
import io.tork.model.ScheduledJobSpec;
import io.tork.model.Task;
import io.tork.model.TaskLogPart;
import io.tork.model.TaskSpec;
import io.tork.model.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every answer shape is JSON with each key once: clients that parse strictly can read them. */
class ApiJsonTest {
  /** A reader that refuses a key seen twice in one object. */
  static final JsonMapper STRICT =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
  private static final TaskSpec SPEC =
      TaskSpec.builder()
          .name("t")
          .image("busybox")
          .run("echo hi")
          .queue("videos")
          .priority(0)
          .var("x")
          .env(Map.of("A", "1"))
          .build();
  private static final Task TASK =
      Task.scheduled("t1", "j1", 1, 1, 1, SPEC, "videos", AT)
          .running("node-1", AT)
          .completed("out", AT);
  private static final Job JOB =
      Job.pending("j1", new JobSpec("job", null, Map.of("in", "1"), List.of(SPEC)), AT).toBuilder()
          .parentJobId("p1")
          .parentId("pt1")
          .build();

  static JsonNode strict(byte[] json) {
    return STRICT.readTree(json);
  }

  @Test
  void aTaskRecordHasOneQueueTheOneItWasRoutedTo() {
    JsonNode task = strict(ApiJson.task(TASK.toBuilder().queue("routed").build()));
    assertThat(task.path("queue").asString()).isEqualTo("routed");
    assertThat(task.path("priority").asInt(-1)).as("an explicit priority 0 is kept").isZero();
  }

  @Test
  void everyAnswerShapeParsesWithDuplicateDetection() {
    assertThatCode(
            () -> {
              strict(ApiJson.job(JOB, List.of(TASK, TASK.toBuilder().id("t2").build())));
              strict(ApiJson.jobSummary(JOB));
              strict(ApiJson.jobPage(List.of(JOB, JOB), 1, 1, 2));
              strict(ApiJson.logPage(List.of(new TaskLogPart("j1", "t1", 1, "line", AT)), 1, 1, 1));
              strict(ApiJson.task(TASK));
              strict(
                  ApiJson.write(
                      ApiJson.scheduledJob(
                          new ScheduledJob(
                              "s1",
                              new ScheduledJobSpec(
                                  "s",
                                  "",
                                  List.of(),
                                  Map.of(),
                                  Map.of(),
                                  List.of(SPEC),
                                  "",
                                  null,
                                  List.of(),
                                  null,
                                  null,
                                  null),
                              ScheduledJob.ScheduledJobState.ACTIVE,
                              AT,
                              null,
                              "bob"),
                          true,
                          AT)));
            })
        .doesNotThrowAnyException();
  }

  @Test
  void aScheduledJobShowsItsZoneAndNextRunAndNullWhilePaused() {
    ScheduledJobSpec spec = DocumentFixtures.scheduled("0 * * * *", "Asia/Tokyo", SPEC);
    ScheduledJob active =
        new ScheduledJob("s1", spec, ScheduledJob.ScheduledJobState.ACTIVE, AT, AT, "bob");
    JsonNode shown = strict(ApiJson.write(ApiJson.scheduledJob(active, false, AT)));
    assertThat(shown.path("timezone").asString()).isEqualTo("Asia/Tokyo");
    assertThat(shown.path("nextRunAt").asString()).isEqualTo("2026-01-01T01:00:00Z");
    ScheduledJob paused = active.with(ScheduledJob.ScheduledJobState.PAUSED, AT);
    JsonNode pausedShown = strict(ApiJson.write(ApiJson.scheduledJob(paused, true, AT)));
    assertThat(pausedShown.has("nextRunAt")).isTrue();
    assertThat(pausedShown.path("nextRunAt").isNull()).isTrue();
  }

  @Test
  void aSubJobNamesItsParentJobAndTask() {
    JsonNode job = strict(ApiJson.job(JOB, List.of()));
    assertThat(job.path("parentJobId").asString()).isEqualTo("p1");
    assertThat(job.path("parentId").asString()).isEqualTo("pt1");
    assertThat(strict(ApiJson.jobSummary(JOB)).path("parentJobId").asString()).isEqualTo("p1");
  }

  @Test
  void aJobNamesWhoSubmittedItAndWhoElseMaySeeIt() {
    Job owned =
        JOB.toBuilder()
            .createdBy("bob")
            .permissions(List.of(Permission.user("carol"), Permission.role("ops")))
            .build();
    JsonNode job = strict(ApiJson.job(owned, List.of()));
    assertThat(job.path("createdBy").path("username").asString()).isEqualTo("bob");
    assertThat(job.path("permissions").get(0).path("user").asString()).isEqualTo("carol");
    assertThat(job.path("permissions").get(1).path("role").asString()).isEqualTo("ops");
    assertThat(job.path("permissions").get(1).has("user")).isFalse();
    assertThat(strict(ApiJson.jobSummary(owned)).path("createdBy").path("username").asString())
        .isEqualTo("bob");
    assertThat(strict(ApiJson.jobSummary(JOB)).has("createdBy")).isFalse();
  }

  @Test
  void aTaskStateIsWrittenByName() {
    assertThat(strict(ApiJson.task(TASK)).path("state").asString())
        .isEqualTo(TaskState.COMPLETED.name());
  }
}
