package io.tork.scheduler.kafka;

import io.tork.model.Job;
import io.tork.model.Task;
import io.tork.model.kafka.JsonSerde;
import io.tork.scheduler.core.JobStore;
import io.tork.scheduler.core.JobStoreContract;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the engine's store: RocksDB stores, as the topology makes them. */
class StreamsJobStoreTest extends JobStoreContract {
  @TempDir File stateDir;
  private final List<KeyValueStore<?, ?>> opened = new ArrayList<>();

  @Override
  protected JobStore newStore() {
    return open();
  }

  /** The stores closed, and opened again on the same directory: RocksDB's files read back. */
  @Override
  protected JobStore reopened(JobStore before) {
    close();
    opened.clear();
    return open();
  }

  private JobStore open() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "job-store-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    MockProcessorContext<String, Object> context =
        new MockProcessorContext<>(props, new TaskId(0, 0), stateDir);
    open(context, StoreNames.JOBS, JsonSerde.of(Job.class));
    open(context, StoreNames.TASKS, JsonSerde.of(Task.class));
    for (String name :
        List.of(
            StoreNames.ACTIVE_TASKS,
            StoreNames.NODE_TASKS,
            StoreNames.CHILDREN,
            StoreNames.JOB_TASKS,
            StoreNames.EXPIRIES,
            StoreNames.TIMERS,
            StoreNames.OUTPUTS)) {
      open(context, name, Serdes.String());
    }
    open(context, StoreNames.ITEMS, Serdes.ByteArray());
    return new StreamsJobStore(context);
  }

  private <V> void open(MockProcessorContext<String, Object> context, String name, Serde<V> serde) {
    KeyValueStore<String, V> store =
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), serde)
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    opened.add(store);
  }

  @AfterEach
  void close() {
    opened.forEach(KeyValueStore::close);
  }
}
