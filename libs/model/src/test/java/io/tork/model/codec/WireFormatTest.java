package io.tork.model.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.CancelRemaining;
import io.tork.model.DeleteJob;
import io.tork.model.FailQueued;
import io.tork.model.Job;
import io.tork.model.JobCommand;
import io.tork.model.PlanChildren;
import io.tork.model.Task;
import io.tork.model.TaskSpec;
import io.tork.model.TaskState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The internal format reads what earlier versions stored, and carries the scheduler's own commands.
 */
class WireFormatTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Task.Builder running() {
    return Task.builder()
        .id("t")
        .jobId("j")
        .state(TaskState.RUNNING)
        .spec(TaskSpec.of("n", "i", "r"))
        .createdAt(T0);
  }

  @Test
  void recordsStoredWithoutTheNewCountsReadAsZero() {
    Task task = running().size(3).build();
    String stored = new String(Json.write(task), StandardCharsets.UTF_8);
    String old = stored.replace("\"planned\":0,", "");
    assertThat(old).doesNotContain("planned");
    Task read = Json.read(old.getBytes(StandardCharsets.UTF_8), Task.class);
    assertThat(read.planned()).isZero();
    assertThat(read.size()).isEqualTo(3);
    Job job = Job.rejected("j", "n", "e", T0);
    String oldJob =
        new String(Json.write(job), StandardCharsets.UTF_8).replace("\"childTasks\":0,", "");
    assertThat(oldJob).doesNotContain("childTasks");
    assertThat(Json.read(oldJob.getBytes(StandardCharsets.UTF_8), Job.class).childTasks()).isZero();
  }

  @Test
  void theNewCountsRoundTripButStayOutOfTheApi() {
    Task task = running().size(10).planned(4).build();
    assertThat(Json.read(Json.write(task), Task.class).planned()).isEqualTo(4);
    assertThat(new String(ApiJson.task(task), StandardCharsets.UTF_8)).doesNotContain("planned");
  }

  @Test
  void theSchedulersOwnCommandsRoundTrip() {
    for (JobCommand command :
        new JobCommand[] {new PlanChildren("j", "t", T0), new CancelRemaining("j", T0)}) {
      assertThat(Json.read(Json.write(command), JobCommand.class)).isEqualTo(command);
    }
  }

  @Test
  void theAdministrationCommandsRoundTrip() {
    for (JobCommand command :
        new JobCommand[] {new DeleteJob("j", T0), new FailQueued("j", "gpu", T0)}) {
      assertThat(Json.read(Json.write(command), JobCommand.class)).isEqualTo(command);
    }
  }

  @Test
  void anEventWithoutItsResultOrErrorReadsThemEmpty() {
    assertThat(((io.tork.model.TaskCompleted) event("completed")).result()).isEmpty();
    assertThat(((io.tork.model.TaskFailed) event("failed")).error()).isEmpty();
  }

  private static io.tork.model.TaskEvent event(String type) {
    String json =
        "{\"type\":\""
            + type
            + "\",\"jobId\":\"j\",\"taskId\":\"t\",\"at\":\"2026-01-01T00:00:00Z\"}";
    return Json.read(json.getBytes(StandardCharsets.UTF_8), io.tork.model.TaskEvent.class);
  }
}
