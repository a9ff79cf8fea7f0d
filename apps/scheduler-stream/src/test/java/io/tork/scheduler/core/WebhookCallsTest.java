package io.tork.scheduler.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.Job;
import io.tork.model.JobSpec;
import io.tork.model.JobState;
import io.tork.model.Task;
import io.tork.model.TaskSpec;
import io.tork.model.WebhookCall;
import io.tork.model.WebhookSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookCallsTest extends JobMachineFixtures {
  private static Job hooked(WebhookSpec... hooks) {
    return Job.pending(
        "j1",
        new JobSpec(
            "hooked",
            null,
            null,
            Map.of(),
            Map.of("token", "t-1"),
            List.of(TaskSpec.of("a", "i", "r")),
            null,
            null,
            List.of(hooks),
            null,
            null),
        T0);
  }

  @Test
  void aNewJobIsAnnouncedAsPendingWithItsHeadersRendered() {
    Job job = hooked(new WebhookSpec("http://h/j", Map.of("X", "{{ job.name }}"), null, null));
    Decision d = Decisions.submitted(job, null, T0, ids);
    List<WebhookCall> calls = WebhookCalls.of(null, d.job(), d.tasks(), id -> null, Map.of(), T0);
    assertThat(calls)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.payload()).contains("\"state\":\"PENDING\"");
              assertThat(c.headers()).containsEntry("X", "hooked");
              assertThat(c.event()).isEqualTo(WebhookSpec.JOB_STATE_CHANGE);
            });
  }

  @Test
  void onlyChangesFireAndTheIfDecides() {
    WebhookSpec onFailure =
        new WebhookSpec("http://h/f", null, null, "{{ job.state == 'FAILED' }}");
    WebhookSpec tasks = new WebhookSpec("http://h/t", null, WebhookSpec.TASK_STATE_CHANGE, null);
    Job running = hooked(onFailure, tasks).withState(JobState.RUNNING);
    Task task = Task.scheduled("t1", "j1", 1, 1, 1, TaskSpec.of("a", "i", "r"), "default", T0);
    Task started = task.running("n1", T0);
    // the job did not change state: only the task's hook fires
    List<WebhookCall> calls =
        WebhookCalls.of(running, running, List.of(started), id -> task, Map.of(), Instant.EPOCH);
    assertThat(calls).extracting(WebhookCall::url).containsExactly("http://h/t");
    // completed: the if is false; failed: true
    assertThat(
            WebhookCalls.of(
                running, running.completed(T0, ""), List.of(), id -> null, Map.of(), T0))
        .isEmpty();
    List<WebhookCall> failed =
        WebhookCalls.of(running, running.failed(T0, "boom"), List.of(), id -> null, Map.of(), T0);
    assertThat(failed).extracting(WebhookCall::url).containsExactly("http://h/f");
    assertThat(failed.getFirst().payload()).contains("\"error\":\"boom\"");
  }

  @Test
  void secretsNeverLeaveInAPayload() {
    Job job = hooked(new WebhookSpec("http://h/j", null, null, null)).withState(JobState.RUNNING);
    Job done = job.completed(T0, "the token is t-1");
    List<WebhookCall> calls = WebhookCalls.of(job, done, List.of(), id -> null, Map.of(), T0);
    assertThat(calls.getFirst().payload()).contains("[REDACTED]").doesNotContain("t-1");
  }

  @Test
  void aPayloadOverTheLimitIsNotSent() {
    Job job = hooked(new WebhookSpec("http://h/j", null, null, null));
    Decision d = Decisions.submitted(job, null, T0, ids);
    io.tork.model.Limits small = io.tork.model.Limits.DEFAULTS;
    small =
        new io.tork.model.Limits(
            small.maxBodyBytes(),
            small.maxResultBytes(),
            small.maxErrorBytes(),
            small.maxValueBytes(),
            small.maxJobResultBytes(),
            small.maxLogLineBytes(),
            small.maxTaskLogBytes(),
            small.maxTasksPerJob(),
            small.maxSequence(),
            100,
            small.maxWait(),
            small.maxDuration(),
            small.minCronInterval(),
            small.maxRecordBytes());
    assertThat(WebhookCalls.of(null, d.job(), d.tasks(), id -> null, Map.of(), T0, small))
        .isEmpty();
    assertThat(WebhookCalls.of(null, d.job(), d.tasks(), id -> null, Map.of(), T0)).hasSize(1);
  }
}
