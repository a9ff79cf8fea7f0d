package io.tork.gateway.kafka;

import io.tork.gateway.core.ReadModel;
import io.tork.gateway.core.Views;
import io.tork.gateway.core.ViewsContract;
import io.tork.model.Job;
import io.tork.model.ScheduledJob;
import io.tork.model.Task;
import io.tork.model.TaskLogPart;
import io.tork.model.Topics;
import io.tork.model.codec.Json;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The view on disk keeps the read ports' contract: each record is written as the consumer writes
 * one (a batch, committed, then its followers told) and read back through the ports.
 */
class StoredViewsTest extends ViewsContract {
  private static final Topics TOPICS = Topics.DEFAULT;
  private static final ReadModel LOADED =
      new ReadModel() {
        @Override
        public boolean isLoaded() {
          return true;
        }

        @Override
        public boolean awaitLoaded(Duration timeout) {
          return true;
        }

        @Override
        public boolean awaitCaughtUp(Duration timeout) {
          return true;
        }
      };

  @TempDir Path dir;
  private ViewStore store;
  private ViewWriter writer;
  private final ViewEvents events = new ViewEvents();
  private StoredViews views;
  private long offset;

  @BeforeEach
  void open() {
    store = ViewStore.open(dir, ViewStore.Memory.DEFAULT);
    Clock clock = Clock.fixed(T0.plus(Duration.ofDays(1)), ZoneOffset.UTC);
    ViewRetention retention = new ViewRetention(Duration.ofDays(30), Duration.ofDays(7), clock);
    Projections projections = Projections.over(store, retention, clock);
    writer = new ViewWriter(TOPICS, projections);
    views = new StoredViews(projections, events, LOADED);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Override
  protected Views views() {
    return views;
  }

  @Override
  protected void given(Object record) {
    switch (record) {
      case Job job -> apply(TOPICS.jobViews(), job.id(), Json.write(job));
      case Task task -> apply(TOPICS.taskViews(), task.id(), Json.write(task));
      case TaskLogPart part -> apply(TOPICS.logs(), part.jobId(), Json.write(part));
      case ScheduledJob s -> apply(TOPICS.scheduledJobViews(), s.id(), Json.write(s));
      default -> throw new IllegalArgumentException("not a view record: " + record);
    }
  }

  private void apply(String topic, String key, byte[] value) {
    ConsumerRecord<String, byte[]> record =
        new ConsumerRecord<>(
            topic,
            0,
            offset++,
            T0.toEpochMilli(),
            TimestampType.CREATE_TIME,
            0,
            0,
            key,
            value,
            new RecordHeaders(),
            Optional.empty());
    try (ViewBatch batch = store.batch()) {
      ViewEvents.Pending pending = events.pending();
      writer.apply(batch, record, pending);
      batch.commit();
      pending.run();
    }
  }
}
