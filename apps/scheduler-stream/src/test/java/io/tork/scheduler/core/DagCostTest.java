package io.tork.scheduler.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.DagSpec;
import io.tork.model.Job;
import io.tork.model.JobCommand;
import io.tork.model.JobSpec;
import io.tork.model.Limits;
import io.tork.model.Task;
import io.tork.model.TaskCompleted;
import io.tork.model.TaskEvent;
import io.tork.model.TaskSpec;
import io.tork.model.TaskState;
import io.tork.model.codec.Json;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * One child's event costs the same store reads and writes in a dag of 10 children as in one of
 * 10,000: the decisions read the child's parent, one chunk of the kept graph and the dependents'
 * records, never all the children. The decisions run against the in-memory store, counted.
 */
class DagCostTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** Reads and writes of one event's decision (and what it sent itself). */
  record Cost(int reads, int writes) {}

  @Test
  void aChildsEventCostsTheSameInADagOfTenAndOfTenThousand() {
    Cost small = costOfOneCompletion(10);
    Cost large = costOfOneCompletion(10_000);
    assertThat(large).isEqualTo(small);
    // The parent, the graph's chunk, the dependent; the rest are the transitions' checks (on in
    // tests) and the job's outputs.
    assertThat(small.reads()).isLessThanOrEqualTo(8);
    assertThat(small.writes()).isLessThanOrEqualTo(4);
  }

  /**
   * Two chains side by side ({@code a0 <- a1 <- ...}, {@code b0 <- b1 <- ...}) of {@code size}
   * children in all: completing the third of chain a lets exactly one child run.
   */
  private static Cost costOfOneCompletion(int size) {
    List<TaskSpec> children = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      String chain = i % 2 == 0 ? "a" : "b";
      TaskSpec.Builder child = TaskSpec.of(chain + i / 2, "alpine:3.18.3", "true").toBuilder();
      if (i >= 2) {
        child.dependencies(List.of(chain + (i / 2 - 1)));
      }
      children.add(child.build());
    }
    TaskSpec dag = TaskSpec.builder().name("g").dag(new DagSpec(children)).build();
    Job job = Job.pending("j1", new JobSpec("cost", null, Map.of(), List.of(dag)), T0);
    Engine engine = new Engine();
    engine.submit(job);
    int middle = 4; // a2
    for (int i = 0; i <= middle; i += 2) {
      Task child = engine.store.child(engine.parentId(), i);
      assertThat(child.state()).as("a" + i / 2).isEqualTo(TaskState.SCHEDULED);
      if (i < middle) {
        engine.on(child, new TaskCompleted("j1", child.id(), "", T0));
      }
    }
    Task child = engine.store.child(engine.parentId(), middle);
    engine.store.reset();
    engine.on(child, new TaskCompleted("j1", child.id(), "", T0));
    assertThat(engine.store.child(engine.parentId(), middle + 2).state())
        .isEqualTo(TaskState.SCHEDULED);
    return new Cost(engine.store.reads.get(), engine.store.writes.get());
  }

  /** The machine over a counted in-memory store, each decision written as the processor does. */
  private static final class Engine {
    final CountingStore store = new CountingStore();
    final AtomicInteger ids = new AtomicInteger();
    final Deque<JobCommand> commands = new ArrayDeque<>();
    Job job;

    void submit(Job submitted) {
      job = submitted;
      apply(
          JobMachine.decide(
              new JobInput.Submitted(job, null, T0, 0), this::newId, store, Limits.DEFAULTS));
    }

    void on(Task task, TaskEvent event) {
      apply(
          JobMachine.decide(
              new JobInput.Reported(job, task, event, T0, 0), this::newId, store, Limits.DEFAULTS));
    }

    String parentId() {
      return "t1";
    }

    private String newId() {
      return "t" + ids.incrementAndGet();
    }

    private void apply(Decision d) {
      write(d);
      while (!commands.isEmpty()) {
        write(
            JobMachine.decide(
                new JobInput.Commanded(job, commands.pop(), T0, 0),
                this::newId,
                store,
                Limits.DEFAULTS));
      }
    }

    private void write(Decision d) {
      if (d.job() != null) {
        job = d.job();
        store.putJob(job);
      }
      d.tasks().forEach(t -> store.putTask(t, d.created().contains(t.id())));
      d.outputs().forEach((var, value) -> store.putOutput(job.id(), var, value));
      d.itemChunks().forEach(c -> store.putItems(c.parentId(), c.chunk(), Json.write(c.items())));
      d.droppedItems().forEach(store::dropItems);
      for (Message m : d.messages()) {
        if (m instanceof Message.SendCommand c && c.command().jobId().equals(job.id())) {
          commands.add(c.command());
        }
      }
    }
  }

  /** The in-memory store, its reads and writes counted. */
  private static final class CountingStore extends ForwardingStore {
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger writes = new AtomicInteger();

    void reset() {
      reads.set(0);
      writes.set(0);
    }

    @Override
    void read() {
      reads.incrementAndGet();
    }

    @Override
    void wrote() {
      writes.incrementAndGet();
    }
  }

  /** The in-memory store, telling each read and write. */
  private abstract static class ForwardingStore implements JobStore {
    private final InMemoryJobStore store = new InMemoryJobStore();

    abstract void read();

    abstract void wrote();

    @Override
    public @Nullable Job job(String jobId) {
      read();
      return store.job(jobId);
    }

    @Override
    public void putJob(Job job) {
      wrote();
      store.putJob(job);
    }

    @Override
    public void putTask(Task task, boolean created) {
      wrote();
      store.putTask(task, created);
    }

    @Override
    public void putOutput(String jobId, String var, String value) {
      wrote();
      store.putOutput(jobId, var, value);
    }

    @Override
    public void putItems(String parentId, int chunk, byte[] json) {
      wrote();
      store.putItems(parentId, chunk, json);
    }

    @Override
    public void dropItems(String parentId) {
      wrote();
      store.dropItems(parentId);
    }

    @Override
    public List<OnNode> running() {
      read();
      return store.running();
    }

    @Override
    public void notRunning(String nodeId, String taskId) {
      wrote();
      store.notRunning(nodeId, taskId);
    }

    @Override
    public List<String> takeExpired(Instant now) {
      return store.takeExpired(now);
    }

    @Override
    public List<Due> takeDue(Instant now) {
      return store.takeDue(now);
    }

    @Override
    public List<String> remove(String jobId) {
      wrote();
      return store.remove(jobId);
    }

    @Override
    public @Nullable Task task(String taskId) {
      read();
      return store.task(taskId);
    }

    @Override
    public @Nullable Task child(String parentId, int index) {
      read();
      return store.child(parentId, index);
    }

    @Override
    public List<Task> active(String jobId) {
      read();
      return store.active(jobId);
    }

    @Override
    public List<Task> active(String jobId, int max) {
      read();
      return store.active(jobId, max);
    }

    @Override
    public @Nullable List<Object> itemChunk(String parentId, int chunk) {
      read();
      return store.itemChunk(parentId, chunk);
    }

    @Override
    public @Nullable String output(String jobId, String var) {
      read();
      return store.output(jobId, var);
    }

    @Override
    public Map<String, String> outputs(String jobId) {
      read();
      return store.outputs(jobId);
    }
  }
}
