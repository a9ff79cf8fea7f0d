package io.tork.scheduler.kafka;

import io.tork.model.Heartbeat;
import io.tork.model.Job;
import io.tork.model.JobCommand;
import io.tork.model.Limits;
import io.tork.model.ScheduleCommand;
import io.tork.model.ScheduledJob;
import io.tork.model.Task;
import io.tork.model.TaskEvent;
import io.tork.model.Topics;
import io.tork.model.codec.Json;
import io.tork.model.kafka.JsonSerde;
import io.tork.scheduler.core.IdSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.state.Stores;

/**
 * The scheduler's topology, shared by {@code main} and the tests: {@code jobs} and {@code
 * task-events} (co-partitioned by job id) feed one processor that owns the {@code jobs} and {@code
 * tasks} stores and writes views and dispatches.
 */
public final class SchedulerTopology {
  static final String JOBS_SOURCE = "jobs-source";
  static final String TASK_EVENTS_SOURCE = "task-events-source";
  static final String JOB_COMMANDS_SOURCE = "job-commands-source";
  static final String WORKER_COMMANDS_SINK = "worker-commands-sink";
  static final String KEYLESS_ROUTER = "keyless-job-router";
  static final String JOB_PROCESSOR = "job-processor";
  static final String REKEY_SINK = "jobs-rekey-sink";
  static final String JOB_VIEWS_SINK = "job-views-sink";
  static final String TASK_VIEWS_SINK = "task-views-sink";
  static final String DISPATCH_SINK = "dispatch-sink";
  static final String SUBJOBS_SINK = "subjobs-sink";
  static final String JOB_COMMANDS_SINK = "job-commands-sink";
  static final String TASK_EVENTS_SINK = "task-events-sink";
  static final String WEBHOOKS_SINK = "webhooks-sink";
  static final String LOGS_SINK = "logs-sink";
  static final String SCHEDULES_SOURCE = "scheduled-jobs-source";
  static final String SCHEDULE_PROCESSOR = "schedule-processor";
  static final String SCHEDULED_RUNS_SINK = "scheduled-runs-sink";
  static final String SCHEDULE_VIEWS_SINK = "schedule-views-sink";

  private SchedulerTopology() {}

  /** The changelog topics Kafka Streams keeps for the stores, under {@code applicationId}. */
  static List<String> changelogTopics(String applicationId) {
    return Stream.of(
            StoreNames.JOBS,
            StoreNames.TASKS,
            StoreNames.ACTIVE_TASKS,
            StoreNames.JOB_TASKS,
            StoreNames.EXPIRIES,
            StoreNames.TIMERS,
            StoreNames.OUTPUTS,
            StoreNames.CHILDREN,
            StoreNames.NODE_TASKS,
            StoreNames.ITEMS,
            StoreNames.HELD_DISPATCHES,
            StoreNames.SCHEDULES,
            StoreNames.SCHEDULE_CHECKS)
        .map(store -> applicationId + "-" + store + "-changelog")
        .toList();
  }

  /** With the default {@link Limits} and incidents of its own. */
  public static Topology build(
      Topics topics, QueueTopics queueTopics, Clock clock, IdSource ids, Duration nodeExpiry) {
    return build(
        topics,
        queueTopics,
        clock,
        ids,
        nodeExpiry,
        Limits.DEFAULTS,
        new Incidents(),
        SchedulerMeters.NONE);
  }

  /**
   * @param limits what jobs may make; records over {@link Limits#maxRecordBytes} are never written
   * @param incidents the process's, shared with {@link OversizeRecordHandler}
   * @param meters where the decisions are counted
   */
  public static Topology build(
      Topics topics,
      QueueTopics queueTopics,
      Clock clock,
      IdSource ids,
      Duration nodeExpiry,
      Limits limits,
      Incidents incidents,
      SchedulerMeters meters) {
    StringDeserializer keys = new StringDeserializer();
    StringSerializer keyOut = new StringSerializer();
    // Records the job processor has serialized already (to measure them) go out as they are.
    Serializer<Object> json =
        (topic, value) ->
            switch (value) {
              case null -> null;
              case byte[] bytes -> bytes;
              default -> Json.write(value);
            };
    Serializer<Object> raw = (topic, value) -> (byte[]) value;
    TopicNameExtractor<String, Object> queueOf =
        (key, value, ctx) -> {
          Task task = (Task) value;
          return topics.queue(task.queue(), task.spec().effectivePriority());
        };

    Topology topology = new Topology();
    topology.addSource(JOBS_SOURCE, keys, new SubmissionDeserializer(), topics.jobs());
    topology.addSource(
        TASK_EVENTS_SOURCE,
        keys,
        JsonSerde.of(TaskEvent.class).deserializer(),
        topics.taskEvents());
    topology.addSource(
        JOB_COMMANDS_SOURCE,
        keys,
        JsonSerde.of(JobCommand.class).deserializer(),
        topics.jobCommands());
    topology.addProcessor(KEYLESS_ROUTER, () -> new KeylessJobRouter(limits), JOBS_SOURCE);
    topology.addProcessor(
        JOB_PROCESSOR,
        () -> new JobProcessor(queueTopics, clock, ids, nodeExpiry, limits, incidents, meters),
        KEYLESS_ROUTER,
        TASK_EVENTS_SOURCE,
        JOB_COMMANDS_SOURCE);
    store(topology, StoreNames.JOBS, JsonSerde.of(Job.class), JOB_PROCESSOR);
    store(topology, StoreNames.TASKS, JsonSerde.of(Task.class), JOB_PROCESSOR);
    for (String name :
        List.of(
            StoreNames.ACTIVE_TASKS,
            StoreNames.JOB_TASKS,
            StoreNames.EXPIRIES,
            StoreNames.TIMERS,
            StoreNames.OUTPUTS,
            StoreNames.CHILDREN,
            StoreNames.NODE_TASKS)) {
      store(topology, name, Serdes.String(), JOB_PROCESSOR);
    }
    store(topology, StoreNames.ITEMS, Serdes.ByteArray(), JOB_PROCESSOR);
    // Almost always empty: kept in memory (no RocksDB to open per task), durable by its changelog.
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(StoreNames.HELD_DISPATCHES),
            Serdes.String(),
            JsonSerde.of(Task.class)),
        JOB_PROCESSOR);
    topology.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.NODES),
                Serdes.String(),
                JsonSerde.of(Heartbeat.class))
            .withLoggingDisabled(),
        "heartbeats-source",
        keys,
        JsonSerde.of(Heartbeat.class).deserializer(),
        topics.heartbeats(),
        "node-store-updater",
        NodeStoreUpdater::new);
    topology.addSink(WORKER_COMMANDS_SINK, topics.workerCommands(), keyOut, json, JOB_PROCESSOR);
    topology.addSink(REKEY_SINK, topics.jobs(), keyOut, raw, KEYLESS_ROUTER);
    topology.addSink(JOB_VIEWS_SINK, topics.jobViews(), keyOut, json, JOB_PROCESSOR);
    topology.addSink(TASK_VIEWS_SINK, topics.taskViews(), keyOut, json, JOB_PROCESSOR);
    topology.addSink(DISPATCH_SINK, queueOf, keyOut, json, JOB_PROCESSOR);
    topology.addSink(SUBJOBS_SINK, topics.jobs(), keyOut, json, JOB_PROCESSOR);
    topology.addSink(JOB_COMMANDS_SINK, topics.jobCommands(), keyOut, json, JOB_PROCESSOR);
    topology.addSink(TASK_EVENTS_SINK, topics.taskEvents(), keyOut, json, JOB_PROCESSOR);
    topology.addSink(WEBHOOKS_SINK, topics.webhooks(), keyOut, json, JOB_PROCESSOR);
    topology.addSink(LOGS_SINK, topics.logs(), keyOut, json, JOB_PROCESSOR);

    topology.addSource(
        SCHEDULES_SOURCE,
        keys,
        JsonSerde.of(ScheduleCommand.class).deserializer(),
        topics.scheduledJobs());
    topology.addProcessor(
        SCHEDULE_PROCESSOR, () -> new ScheduleProcessor(clock, limits), SCHEDULES_SOURCE);
    store(topology, StoreNames.SCHEDULES, JsonSerde.of(ScheduledJob.class), SCHEDULE_PROCESSOR);
    store(topology, StoreNames.SCHEDULE_CHECKS, Serdes.Long(), SCHEDULE_PROCESSOR);
    topology.addSink(SCHEDULED_RUNS_SINK, topics.jobs(), keyOut, json, SCHEDULE_PROCESSOR);
    topology.addSink(
        SCHEDULE_VIEWS_SINK, topics.scheduledJobViews(), keyOut, json, SCHEDULE_PROCESSOR);
    return topology;
  }

  /** A persistent key-value store keyed by string, with a changelog, for {@code processor}. */
  private static <V> void store(Topology topology, String name, Serde<V> values, String processor) {
    topology.addStateStore(
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values),
        processor);
  }
}
