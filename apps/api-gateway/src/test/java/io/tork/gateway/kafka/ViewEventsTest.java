package io.tork.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.Job;
import io.tork.model.JobSpec;
import io.tork.model.JobState;
import io.tork.model.Task;
import io.tork.model.TaskSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ViewEventsTest {
  private static final String JOB = "0123456789abcdef0123456789abcdef";
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void aJobsEndIsToldAfterTheTaskStatesOfItsBatchWhateverTheirOrder() {
    ViewEvents events = new ViewEvents();
    List<String> told = new ArrayList<>();
    events.followJob(
        JOB,
        update ->
            told.add(
                switch (update) {
                  case Job j -> "job " + j.state();
                  case Task t -> "task " + t.state();
                  default -> "other";
                }));
    Job pending =
        Job.pending(JOB, new JobSpec("j", "", Map.of(), List.of(TaskSpec.of("t", "i", "r"))), T0);
    Task task =
        Task.scheduled(
            "%032d".formatted(1), JOB, 1, 1, 1, TaskSpec.of("t", "i", "r"), "default", T0);

    ViewEvents.Pending batch = events.pending();
    batch.job(pending.withState(JobState.RUNNING));
    batch.job(pending.withState(JobState.COMPLETED)); // the jobs topic's record read first
    batch.task(task);
    batch.run();

    assertThat(told).containsExactly("job RUNNING", "task SCHEDULED", "job COMPLETED");
  }
}
