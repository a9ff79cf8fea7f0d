package io.tork.scheduler.core;

import io.tork.model.Job;
import io.tork.model.JobSpec;
import io.tork.model.Task;
import io.tork.model.TaskEvent;
import io.tork.model.TaskSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The state machine's test fixtures: a job, its tasks, and decisions applied to them. */
abstract class JobMachineFixtures {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  final AtomicInteger counter = new AtomicInteger();
  final IdSource ids = () -> "task-" + counter.incrementAndGet();

  /** The decision of the latest {@link #on} call. */
  Decision last;

  static Job job(TaskSpec... tasks) {
    return Job.pending("j1", new JobSpec("hello job", null, Map.of(), List.of(tasks)), T0);
  }

  static TaskSpec task(String name) {
    return TaskSpec.of(name, "ubuntu:mantic", "echo " + name);
  }

  /** An {@code each} named "e" over {@code list}, {@code concurrency} at a time (0: all). */
  static TaskSpec each(String list, int concurrency, TaskSpec child) {
    return TaskSpec.builder()
        .name("e")
        .each(new io.tork.model.EachSpec(list, null, concurrency, child))
        .build();
  }

  /** The records of the children of {@code parentId}, by index. */
  static List<Task> children(State s, String parentId) {
    return s.tasks().values().stream()
        .filter(t -> t.parentId().equals(parentId))
        .sorted(java.util.Comparator.comparingInt(Task::index))
        .toList();
  }

  /**
   * Applies a decision's changes to the given job and returns the job after it; {@code items} are
   * the kept chunks of large each lists ("parentId/chunk"), {@code pending} the commands the job
   * sent itself (its next chunks), not carried out yet.
   */
  record State(
      Job job,
      Map<String, Task> tasks,
      Map<String, String> outputs,
      Map<String, List<Object>> items,
      List<io.tork.model.JobCommand> pending) {
    State(Job job, Map<String, Task> tasks) {
      this(job, tasks, Map.of());
    }

    State(Job job, Map<String, Task> tasks, Map<String, String> outputs) {
      this(job, tasks, outputs, Map.of(), List.of());
    }

    State apply(Decision d) {
      var next = new java.util.HashMap<>(tasks);
      d.tasks().forEach(t -> next.put(t.id(), t));
      var written = new java.util.HashMap<>(outputs);
      written.putAll(d.outputs());
      var kept = new java.util.HashMap<>(items);
      d.itemChunks().forEach(c -> kept.put(c.parentId() + "/" + c.chunk(), c.items()));
      d.droppedItems().forEach(p -> kept.keySet().removeIf(k -> k.startsWith(p + "/")));
      var sent = new java.util.ArrayList<>(pending);
      for (Message m : d.messages()) {
        if (m instanceof Message.SendCommand c && c.command().jobId().equals(job.id())) {
          sent.add(c.command());
        }
      }
      return new State(d.job() == null ? job : d.job(), next, written, kept, sent);
    }

    State withoutPending() {
      return new State(job, tasks, outputs, items, List.of());
    }

    Task task(String id) {
      return tasks.get(id);
    }

    /** The records of the job, as the processor's stores would show them. */
    TaskLookup lookup() {
      return new TaskLookup() {
        @Override
        public Task task(String taskId) {
          return tasks.get(taskId);
        }

        @Override
        public Task child(String parentId, int index) {
          return tasks.values().stream()
              .filter(t -> t.parentId().equals(parentId) && t.index() == index)
              .max(java.util.Comparator.comparingInt(Task::seq))
              .orElse(null);
        }

        @Override
        public List<Task> active(String jobId) {
          return tasks.values().stream().filter(t -> t.state().isActive()).toList();
        }

        @Override
        public String output(String jobId, String var) {
          return outputs.get(var);
        }

        @Override
        public Map<String, String> outputs(String jobId) {
          return outputs;
        }

        @Override
        public List<Object> itemChunk(String parentId, int chunk) {
          return items.get(parentId + "/" + chunk);
        }
      };
    }
  }

  State submit(Job job) {
    return new State(job, Map.of()).apply(Decisions.submitted(job, null, T0, ids));
  }

  State on(State s, TaskEvent e) {
    return s.apply(
        last = Decisions.onTaskEvent(s.job(), s.task(e.taskId()), e, T0, ids, s.lookup()));
  }

  /**
   * Carries out the commands the job sent itself, one decision each, until it sends none, as the
   * topology would; returns how many decisions that took.
   */
  State drain(State s, int[] decisions) {
    while (!s.pending().isEmpty()) {
      io.tork.model.JobCommand next = s.pending().getFirst();
      State rest =
          new State(
              s.job(),
              s.tasks(),
              s.outputs(),
              s.items(),
              s.pending().subList(1, s.pending().size()));
      s = rest.apply(last = Decisions.onCommand(s.job(), rest.lookup(), next, T0, ids));
      decisions[0]++;
    }
    return s;
  }

  State command(State s, io.tork.model.JobCommand command) {
    List<Task> active = s.tasks().values().stream().filter(t -> t.state().isActive()).toList();
    return s.apply(Decisions.onCommand(s.job(), s.lookup(), command, T0, ids));
  }
}
