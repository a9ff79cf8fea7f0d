package io.tork.scheduler.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.Job;
import io.tork.model.JobSpec;
import io.tork.model.JobState;
import io.tork.model.Task;
import io.tork.model.TaskSpec;
import io.tork.model.TaskState;
import io.tork.model.codec.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobStore} does: run against the engine's ({@code StreamsJobStoreTest}) and its
 * in-memory twin ({@link InMemoryJobStoreTest}).
 */
public abstract class JobStoreContract {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private JobStore store;

  /** A new, empty store. */
  protected abstract JobStore newStore();

  /** The same store after its process restarted: what it holds read back from where it is kept. */
  protected JobStore reopened(JobStore before) {
    return before;
  }

  @BeforeEach
  void setUp() {
    store = newStore();
  }

  private static Job job(String id) {
    TaskSpec spec = TaskSpec.of("a", "alpine:3.18.3", "true");
    return Job.pending(id, new JobSpec("j", null, Map.of(), List.of(spec)), T0);
  }

  private static Task task(String jobId, String id, TaskState state) {
    return Task.builder()
        .id(id)
        .jobId(jobId)
        .position(1)
        .spec(TaskSpec.of("a", "alpine:3.18.3", "true"))
        .state(state)
        .createdAt(T0)
        .build();
  }

  private static Task child(String jobId, String id, String parentId, int index) {
    return task(jobId, id, TaskState.SCHEDULED).toBuilder().parentId(parentId).index(index).build();
  }

  @Test
  public void aJobReadsBackAsStored() {
    assertThat(store.job("j1")).isNull();
    Job job = job("j1");
    store.putJob(job);
    assertThat(store.job("j1")).isEqualTo(job);
    store.putJob(job.withState(JobState.RUNNING));
    assertThat(store.job("j1").state()).isEqualTo(JobState.RUNNING);
  }

  @Test
  public void aRecordIsActiveUntilItEnds() {
    Task t = task("j1", "t1", TaskState.SCHEDULED);
    store.putTask(t, true);
    store.putTask(task("j2", "t2", TaskState.SCHEDULED), true);
    assertThat(store.task("t1")).isEqualTo(t);
    assertThat(store.active("j1")).containsExactly(t);
    store.putTask(t.completed("ok", T0), false);
    assertThat(store.active("j1")).isEmpty();
    assertThat(store.task("t1").state()).isEqualTo(TaskState.COMPLETED);
    assertThat(store.task("nope")).isNull();
  }

  @Test
  public void activeRecordsAreReadAtMostSoMany() {
    for (int i = 0; i < 5; i++) {
      store.putTask(task("j1", "t" + i, TaskState.SCHEDULED), true);
    }
    assertThat(store.active("j1", 3)).hasSize(3);
    assertThat(store.active("j1")).hasSize(5);
  }

  @Test
  public void aChildIsTheLatestRecordCreatedAtItsIndex() {
    store.putTask(child("j1", "c1", "p", 0), true);
    store.putTask(child("j1", "c2", "p", 1), true);
    assertThat(store.child("p", 0).id()).isEqualTo("c1");
    store.putTask(child("j1", "c3", "p", 0), true); // a retry: a new record at the same index
    assertThat(store.child("p", 0).id()).isEqualTo("c3");
    assertThat(store.child("p", 1).id()).isEqualTo("c2");
    assertThat(store.child("p", 2)).isNull();
  }

  @Test
  public void aRecordRunsOnItsNodeUntilItEnds() {
    Task t = task("j1", "t1", TaskState.SCHEDULED);
    store.putTask(t, true);
    assertThat(store.running()).isEmpty();
    Task running = t.running("n1", T0);
    store.putTask(running, false);
    assertThat(store.running()).containsExactly(new JobStore.OnNode("n1", "t1", "j1"));
    store.putTask(running.completed("", T0), false);
    assertThat(store.running()).isEmpty();
  }

  @Test
  public void aStaleEntryIsForgotten() {
    store.putTask(task("j1", "t1", TaskState.SCHEDULED).running("n1", T0), true);
    store.putTask(task("j1", "t2", TaskState.SCHEDULED).running("n2", T0), true);
    store.notRunning("n1", "t1");
    assertThat(store.running()).containsExactly(new JobStore.OnNode("n2", "t2", "j1"));
  }

  @Test
  public void outputsAreTheJobs() {
    store.putOutput("j1", "a", "1");
    store.putOutput("j1", "b", "2");
    store.putOutput("j2", "a", "3");
    store.putOutput("j1", "a", "4");
    assertThat(store.output("j1", "a")).isEqualTo("4");
    assertThat(store.output("j1", "c")).isNull();
    assertThat(store.outputs("j1")).isEqualTo(Map.of("a", "4", "b", "2"));
  }

  @Test
  public void itemChunksAreKeptUntilDropped() {
    store.putItems("p", 0, Json.write(List.of(1, 2)));
    store.putItems("p", 1, Json.write(List.of(3)));
    store.putItems("q", 0, Json.write(List.of("x")));
    assertThat(store.itemChunk("p", 1)).containsExactly(3);
    assertThat(store.itemChunk("p", 2)).isNull();
    store.dropItems("p");
    assertThat(store.itemChunk("p", 0)).isNull();
    assertThat(store.itemChunk("p", 1)).isNull();
    assertThat(store.itemChunk("q", 0)).containsExactly("x");
  }

  @Test
  public void aCompletedJobIsListedForDeletionAtItsTime() {
    Instant at = T0.plusSeconds(60);
    Job done = job("j1").toBuilder().state(JobState.COMPLETED).deleteAt(at).build();
    store.putJob(done);
    store.putJob(job("j2").toBuilder().state(JobState.FAILED).deleteAt(at).build());
    assertThat(store.takeExpired(at.minusMillis(1))).isEmpty();
    assertThat(store.takeExpired(at)).containsExactly("j1");
    assertThat(store.takeExpired(at.plusSeconds(1))).isEmpty();
  }

  @Test
  public void aRemovedJobLeavesNothingBehind() {
    store.putJob(job("j1"));
    store.putJob(job("j2"));
    store.putTask(task("j1", "t1", TaskState.COMPLETED), true);
    store.putTask(child("j1", "c1", "t1", 0), true);
    store.putTask(task("j2", "t2", TaskState.SCHEDULED), true);
    store.putOutput("j1", "a", "1");
    store.putOutput("j2", "a", "2");
    assertThat(store.remove("j1")).containsExactlyInAnyOrder("t1", "c1");
    assertThat(store.job("j1")).isNull();
    assertThat(store.task("t1")).isNull();
    assertThat(store.child("t1", 0)).isNull();
    assertThat(store.active("j1")).isEmpty();
    assertThat(store.outputs("j1")).isEmpty();
    assertThat(store.job("j2")).isNotNull();
    assertThat(store.active("j2")).hasSize(1);
    assertThat(store.output("j2", "a")).isEqualTo("2");
    assertThat(store.remove("gone")).isEmpty();
  }

  private static Task waiting(String jobId, String id, Instant due) {
    return task(jobId, id, TaskState.FAILED).waiting(due);
  }

  @Test
  public void timersAreTakenWhenDueEarliestFirst() {
    Instant deadline = T0.plusSeconds(60);
    store.putJob(job("j1").toBuilder().state(JobState.RUNNING).deadline(deadline).build());
    store.putTask(waiting("j1", "t2", T0.plusSeconds(10)), true);
    store.putTask(waiting("j1", "t1", T0.plusSeconds(5)), true);
    assertThat(store.takeDue(T0.plusSeconds(4))).isEmpty();
    assertThat(store.takeDue(T0.plusSeconds(10)))
        .containsExactly(new JobStore.Due("j1", "t1"), new JobStore.Due("j1", "t2"));
    assertThat(store.takeDue(T0.plusSeconds(10))).isEmpty();
    assertThat(store.takeDue(deadline)).containsExactly(new JobStore.Due("j1", ""));
    assertThat(new JobStore.Due("j1", "").isDeadline()).isTrue();
  }

  @Test
  public void aTimerIsDroppedWhenItsRecordOrJobMovesOn() {
    Instant due = T0.plusSeconds(5);
    Job job = job("j1").toBuilder().state(JobState.RUNNING).deadline(due).build();
    store.putJob(job);
    Task retry = waiting("j1", "t1", due);
    store.putTask(retry, true);
    store.putTask(retry.due(due), false);
    store.putJob(job.failed(due, "failed"));
    assertThat(store.takeDue(due.plusSeconds(1))).isEmpty();
  }

  @Test
  public void timersSurviveARestart() {
    Instant due = T0.plusSeconds(5);
    store.putJob(job("j1").toBuilder().state(JobState.RUNNING).deadline(due).build());
    store.putTask(waiting("j1", "t1", due), true);
    JobStore restarted = reopened(store);
    assertThat(restarted.task("t1").dueAt()).isEqualTo(due);
    assertThat(restarted.takeDue(due))
        .containsExactly(new JobStore.Due("j1", ""), new JobStore.Due("j1", "t1"));
  }
}
