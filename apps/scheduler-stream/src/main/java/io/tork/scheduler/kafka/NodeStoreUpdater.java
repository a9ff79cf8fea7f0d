package io.tork.scheduler.kafka;

import io.tork.model.Heartbeat;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps the global {@code nodes} store: the latest heartbeat of every node. */
final class NodeStoreUpdater implements Processor<String, Heartbeat, Void, Void> {
  private KeyValueStore<String, Heartbeat> nodes;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    nodes = context.getStateStore(StoreNames.NODES);
  }

  @Override
  public void process(Record<String, Heartbeat> record) {
    if (record.key() == null) {
      return;
    }
    Heartbeat latest = record.value();
    Heartbeat known = nodes.get(record.key());
    if (latest == null) {
      nodes.delete(record.key());
    } else if (known == null || !latest.at().isBefore(known.at())) {
      nodes.put(record.key(), latest);
    }
  }
}
