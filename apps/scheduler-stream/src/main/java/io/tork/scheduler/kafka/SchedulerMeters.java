package io.tork.scheduler.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.tork.kafka.metrics.LabelBudget;
import io.tork.model.JobState;
import io.tork.model.TaskState;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this scheduler decided, counted as it writes it ({@link DecisionWriter}): {@code
 * tork_jobs_total{state}}, the jobs that reached each state, and {@code
 * tork_tasks_total{state,queue}}, the task records that did. Counted by the instance that owns the
 * job: sum over instances. A decision Kafka Streams runs again after a crash (exactly-once aborts
 * the first) is counted again; a queue past {@link LabelBudget#QUEUES} distinct names counts as
 * {@value LabelBudget#OTHER}.
 */
public final class SchedulerMeters {
  /** Counts nothing (tests, tools). */
  public static final SchedulerMeters NONE = new SchedulerMeters(new CompositeMeterRegistry());

  private final MeterRegistry registry;
  private final LabelBudget queues = new LabelBudget(LabelBudget.QUEUES);
  private final Map<JobState, Counter> jobs = new ConcurrentHashMap<>();
  private final Map<String, Counter> tasks = new ConcurrentHashMap<>();

  public SchedulerMeters(MeterRegistry registry) {
    this.registry = registry;
    for (JobState state : JobState.values()) {
      jobs.put(state, job(state)); // every state from the start: rate() has a series to work on
    }
  }

  void jobReached(JobState state) {
    jobs.computeIfAbsent(state, this::job).increment();
  }

  void taskReached(TaskState state, String queue) {
    String label = queues.of(queue);
    tasks
        .computeIfAbsent(
            state.name() + "\n" + label,
            key ->
                Counter.builder("tork.tasks")
                    .description("Task records that reached each state, as the scheduler decided")
                    .tag("state", state.name())
                    .tag("queue", label)
                    .register(registry))
        .increment();
  }

  private Counter job(JobState state) {
    return Counter.builder("tork.jobs")
        .description("Jobs that reached each state, as the scheduler decided")
        .tag("state", state.name())
        .register(registry);
  }
}
