package io.tork.gateway.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.Job;
import io.tork.model.JobSpec;
import io.tork.model.JobState;
import io.tork.model.ScheduledJob;
import io.tork.model.ScheduledJob.ScheduledJobState;
import io.tork.model.Task;
import io.tork.model.TaskLogPart;
import io.tork.model.TaskSpec;
import io.tork.model.TaskState;
import io.tork.model.codec.JobDocuments;
import io.tork.model.codec.Redaction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What every implementation of the read ports answers for the same records: the view on disk
 * ({@code StoredViewsTest}) and the one in memory the handler tests use ({@link
 * InMemoryViewsTest}), so that a handler test means what the gateway does.
 */
public abstract class ViewsContract {
  protected static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final String SECRET = "contract-secret-value";

  /** The implementation under test, loaded. */
  protected abstract Views views();

  /** A record as its topic carries it (a job's state, a task record, a log part, a schedule). */
  protected abstract void given(Object record);

  protected static String id(int n) {
    return String.format("%032x", n);
  }

  protected static Job job(int n, String createdBy, JobState state, Instant at, String tag) {
    JobSpec spec =
        new JobSpec(
            "job " + n,
            "copies things",
            List.of(tag),
            Map.of(),
            Map.of("token", SECRET),
            List.of(TaskSpec.of("t", "alpine:3.18.3", "true")),
            "",
            null,
            List.of(),
            null,
            null);
    return Job.pending(id(n), spec, at, createdBy).withState(state);
  }

  protected static Task task(int job, int seq, TaskState state, String queue) {
    return Task.scheduled(
            id(1000 * job + seq), id(job), seq, 1, 1, TaskSpec.of("t", "i", "r"), queue, T0)
        .toBuilder()
        .state(state)
        .build();
  }

  private static <T> List<T> all(Iterator<T> items) {
    List<T> out = new ArrayList<>();
    items.forEachRemaining(out::add);
    return out;
  }

  @Test
  void aJobIsFoundWithItsRecordsInCreationOrder() {
    given(job(1, "guest", JobState.RUNNING, T0, "a"));
    given(task(1, 2, TaskState.RUNNING, "default"));
    given(task(1, 1, TaskState.COMPLETED, "default"));
    JobSnapshot found = views().find(id(1)).orElseThrow();
    assertThat(found.job().state()).isEqualTo(JobState.RUNNING);
    assertThat(found.execution()).extracting(Task::seq).containsExactly(1, 2);
    assertThat(found.executionCount()).isEqualTo(2);
    assertThat(views().executionCount(id(1))).isEqualTo(2);
    assertThat(all(views().tasks(id(1), 1))).extracting(Task::seq).containsExactly(2);
    assertThat(views().task(id(1002))).map(Task::state).contains(TaskState.RUNNING);
    assertThat(views().find(id(2))).isEmpty();
    assertThat(views().job(id(2))).isEmpty();
    assertThat(views().task(id(2001))).isEmpty();
  }

  @Test
  void theSecretsOfAJobAndOfItsRecordsAreRedacted() {
    given(job(1, "guest", JobState.RUNNING, T0, "a"));
    given(
        task(1, 1, TaskState.RUNNING, "default").toBuilder()
            .secrets(List.of("record-only"))
            .build());
    Redaction redaction = views().redaction(id(1));
    assertThat(redaction.text(SECRET + " record-only")).doesNotContain(SECRET, "record-only");
    assertThat(views().find(id(1)).orElseThrow().redaction().text(SECRET)).doesNotContain(SECRET);
    assertThat(views().redaction(id(2)).isEmpty()).isTrue();
  }

  @Test
  void theListIsNewestFirstInPagesForWhoMaySee() {
    given(job(1, "alice", JobState.COMPLETED, T0, "nightly"));
    given(job(2, "bob", JobState.RUNNING, T0.plusSeconds(1), "nightly"));
    given(job(3, "alice", JobState.RUNNING, T0.plusSeconds(2), "adhoc"));
    Function<JobReads.ListPage, List<String>> ids = p -> p.items().stream().map(Job::id).toList();
    JobReads.ListPage first = list("", 1, 2, null);
    assertThat(ids.apply(first)).containsExactly(id(3), id(2));
    assertThat(first.totalItems()).isEqualTo(3);
    assertThat(ids.apply(list("", 2, 2, null))).containsExactly(id(1));
    Set<String> alice = io.tork.model.Access.callerKeys("alice", List.of());
    assertThat(ids.apply(list("", 1, 10, alice))).containsExactly(id(3), id(1));
    assertThat(ids.apply(list("running", 1, 10, null))).containsExactly(id(3), id(2));
    assertThat(ids.apply(list("tag:nightly", 1, 10, null))).containsExactly(id(2), id(1));
    assertThat(ids.apply(list("tag:nightly running", 1, 10, alice))).isEmpty();
  }

  private JobReads.ListPage list(String q, int page, int size, Set<String> keys) {
    try {
      return views().list(q, page, size, keys);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void logsAreReadNewestFirstOrOldestFirst() {
    given(job(1, "guest", JobState.RUNNING, T0, "a"));
    given(task(1, 1, TaskState.COMPLETED, "default"));
    given(task(1, 2, TaskState.RUNNING, "default"));
    for (int n = 1; n <= 3; n++) {
      given(new TaskLogPart(id(1), id(1001), n, "first " + n, T0.plusSeconds(n)));
    }
    given(new TaskLogPart(id(1), id(1002), 1, "second 1", T0.plusSeconds(9)));
    Function<Iterator<TaskLogPart>, List<String>> text =
        parts -> all(parts).stream().map(TaskLogPart::contents).toList();
    assertThat(text.apply(views().taskLog(id(1), id(1001), true)))
        .containsExactly("first 3", "first 2", "first 1");
    assertThat(text.apply(views().taskLog(id(1), id(1001), false)))
        .containsExactly("first 1", "first 2", "first 3");
    assertThat(text.apply(views().jobLog(id(1))))
        .containsExactly("second 1", "first 3", "first 2", "first 1");
  }

  @Test
  void scheduledJobsAreNewestFirst() {
    for (int n = 1; n <= 2; n++) {
      String yaml =
          "name: s" + n + "\nschedule: {cron: '0 * * * *'}\ntasks: [{name: t, image: i, run: r}]\n";
      given(
          new ScheduledJob(
              id(n),
              JobDocuments.parseScheduled(yaml.getBytes(StandardCharsets.UTF_8), "text/yaml"),
              ScheduledJobState.ACTIVE,
              T0.plusSeconds(n),
              null,
              "guest"));
    }
    assertThat(views().scheduledJobs()).extracting(ScheduledJob::id).containsExactly(id(2), id(1));
    assertThat(views().scheduledJob(id(1))).isPresent();
    assertThat(views().scheduledJob(id(3))).isEmpty();
  }

  @Test
  void countsFollowTheRecords() {
    given(job(1, "guest", JobState.RUNNING, T0, "a"));
    given(job(2, "guest", JobState.COMPLETED, T0, "a"));
    given(task(1, 1, TaskState.SCHEDULED, "default"));
    given(task(1, 2, TaskState.SCHEDULED, "gpu"));
    given(task(1, 3, TaskState.SCHEDULED, "default"));
    given(task(1, 3, TaskState.RUNNING, "default"));
    assertThat(views().jobCount(JobState.RUNNING)).isEqualTo(1);
    assertThat(views().jobCount(JobState.COMPLETED)).isEqualTo(1);
    assertThat(views().runningTaskCount()).isEqualTo(1);
    assertThat(views().waitingByQueue()).containsEntry("default", 1L).containsEntry("gpu", 1L);
  }

  @Test
  void theJobsWaitingOnAQueueAreEachListedOnceWhileTheyWait() {
    given(task(1, 1, TaskState.SCHEDULED, "default"));
    given(task(1, 2, TaskState.SCHEDULED, "default"));
    given(task(2, 1, TaskState.SCHEDULED, "gpu"));
    given(task(3, 1, TaskState.SCHEDULED, "default"));
    given(task(3, 1, TaskState.RUNNING, "default"));
    assertThat(all(views().jobsWaitingOn("default"))).containsExactly(id(1));
    assertThat(all(views().jobsWaitingOn("gpu"))).containsExactly(id(2));
    assertThat(all(views().jobsWaitingOn("def"))).isEmpty();
    given(task(1, 1, TaskState.RUNNING, "default"));
    assertThat(all(views().jobsWaitingOn("default"))).containsExactly(id(1));
    given(task(1, 2, TaskState.FAILED, "default"));
    assertThat(all(views().jobsWaitingOn("default"))).isEmpty();
  }

  @Test
  void followersAndEndWaitersAreToldAsRecordsArrive() {
    given(job(1, "guest", JobState.RUNNING, T0, "a"));
    List<Object> seen = new ArrayList<>();
    List<TaskLogPart> parts = new ArrayList<>();
    Runnable stop = views().followJob(id(1), seen::add);
    views().followTaskLog(id(1001), parts::add);
    CompletableFuture<Job> ended = views().awaitEnd(id(1));
    given(task(1, 1, TaskState.RUNNING, "default"));
    given(new TaskLogPart(id(1), id(1001), 1, "hello", T0));
    assertThat(ended).isNotDone();
    given(job(1, "guest", JobState.COMPLETED, T0, "a"));
    assertThat(ended).isCompletedWithValueMatching(j -> j.state() == JobState.COMPLETED);
    assertThat(seen).hasSize(2).first().isInstanceOf(Task.class);
    assertThat(parts).extracting(TaskLogPart::contents).containsExactly("hello");
    stop.run();
    given(job(1, "guest", JobState.COMPLETED, T0, "b"));
    assertThat(seen).hasSize(2);
    assertThat(views().awaitEnd(id(1))).isCompletedWithValueMatching(j -> j.id().equals(id(1)));
  }

  @Test
  void aJobThisGatewayHasSubmittedIsReadBeforeTheViewHoldsIt() {
    Job pending = job(7, "guest", JobState.PENDING, T0, "a");
    views().submitted(pending);
    assertThat(views().job(id(7))).contains(pending);
    assertThat(views().find(id(7)).orElseThrow().execution()).isEmpty();
    assertThat(views().redaction(id(7)).text(SECRET)).doesNotContain(SECRET);
  }
}
