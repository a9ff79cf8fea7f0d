package io.tork.scheduler.kafka;

import io.tork.model.Heartbeat;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global {@code nodes} store: the latest heartbeat of every node. Unreadable records are
 * skipped before they get here (the deserialization handler); one without a time is skipped here.
 */
final class NodeStoreUpdater implements Processor<String, Heartbeat, Void, Void> {
  private static final Logger log = LoggerFactory.getLogger(NodeStoreUpdater.class);
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
    if (latest != null && latest.at() == null) {
      // Any producer may write here; a global thread that fails is not replaced: skip it.
      log.atWarn().addKeyValue("nodeId", record.key()).log("heartbeat without a time ignored");
      return;
    }
    Heartbeat known = nodes.get(record.key());
    if (latest == null) {
      nodes.delete(record.key());
    } else if (known == null || !latest.at().isBefore(known.at())) {
      nodes.put(record.key(), latest);
    }
  }
}
