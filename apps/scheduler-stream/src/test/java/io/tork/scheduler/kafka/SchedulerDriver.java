package io.tork.scheduler.kafka;

import io.tork.model.Job;
import io.tork.model.Limits;
import io.tork.model.Task;
import io.tork.model.TaskEvent;
import io.tork.model.Topics;
import io.tork.model.kafka.JsonSerde;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.jspecify.annotations.Nullable;

/**
 * The production topology in a {@link TopologyTestDriver}, with the settings of a standalone
 * scheduler, ids counting up from 1, and the topics the tests feed and read.
 */
final class SchedulerDriver implements AutoCloseable {
  final Topics topics = Topics.DEFAULT;
  final TopologyTestDriver driver;
  final TestInputTopic<String, byte[]> jobs;
  final TestInputTopic<String, TaskEvent> events;
  final TestOutputTopic<String, Job> jobViews;
  final TestOutputTopic<String, Task> taskViews;

  private SchedulerDriver(Path stateDir, Options options) {
    try {
      Properties props =
          SchedulerApp.properties(
              SchedulerSettings.standalone("dummy:9092", Files.createDirectories(stateDir)),
              options.limits,
              options.incidents);
      props.put(StreamsConfig.APPLICATION_ID_CONFIG, "scheduler-test");
      AtomicInteger ids = new AtomicInteger();
      driver =
          new TopologyTestDriver(
              SchedulerTopology.build(
                  topics,
                  options.queueTopics,
                  options.clock,
                  () -> String.format("%032d", ids.incrementAndGet()),
                  Duration.ofSeconds(15),
                  options.limits,
                  options.incidents,
                  options.meters),
              props);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    jobs =
        driver.createInputTopic(topics.jobs(), new StringSerializer(), new ByteArraySerializer());
    events = input(topics.taskEvents(), TaskEvent.class);
    jobViews = output(topics.jobViews(), Job.class);
    taskViews = output(topics.taskViews(), Task.class);
  }

  /** With the defaults. */
  static SchedulerDriver start(Path stateDir) {
    return start(stateDir, options -> {});
  }

  /** With the defaults as {@code changes} leaves them. */
  static SchedulerDriver start(Path stateDir, Consumer<Options> changes) {
    Options options = new Options();
    changes.accept(options);
    return new SchedulerDriver(stateDir, options);
  }

  /** Submits {@code document} under {@code key} (null: keyless), with that content type. */
  void submit(@Nullable String key, byte[] document, @Nullable String contentType) {
    var headers = new RecordHeaders();
    if (contentType != null) {
      headers.add("content-type", contentType.getBytes(StandardCharsets.UTF_8));
    }
    jobs.pipeInput(new TestRecord<>(key, document, headers, Instant.now()));
  }

  void submit(@Nullable String key, String document, @Nullable String contentType) {
    submit(key, document.getBytes(StandardCharsets.UTF_8), contentType);
  }

  /** The default band of queue {@code name}. */
  TestOutputTopic<String, Task> queue(String name) {
    return output(topics.queue(name), Task.class);
  }

  <V> TestInputTopic<String, V> input(String topic, Class<V> type) {
    return driver.createInputTopic(topic, new StringSerializer(), JsonSerde.of(type).serializer());
  }

  <V> TestOutputTopic<String, V> output(String topic, Class<V> type) {
    return driver.createOutputTopic(
        topic, new StringDeserializer(), JsonSerde.of(type).deserializer());
  }

  @Override
  public void close() {
    driver.close();
  }

  /**
   * What differs between the tests' schedulers (set in {@link #start}); the rest is the
   * standalone's.
   */
  static final class Options {
    QueueTopics queueTopics = QueueTopics.ASSUME_PRESENT;
    Clock clock = Clock.systemUTC();
    Limits limits = Limits.DEFAULTS;
    Incidents incidents = new Incidents();
    SchedulerMeters meters = SchedulerMeters.NONE;

    private Options() {}
  }
}
