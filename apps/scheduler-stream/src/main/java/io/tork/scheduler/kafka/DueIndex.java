package io.tork.scheduler.kafka;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A store of entries by when they are due: "when (epoch ms, 20 digits)/name" -> value, so that the
 * entries due by a time are the store's head, read with one range scan that stops there. The
 * expiries of {@code autoDelete} and the timers of retries and job deadlines are kept so.
 */
final class DueIndex {
  private final KeyValueStore<String, String> store;

  DueIndex(KeyValueStore<String, String> store) {
    this.store = store;
  }

  private static String key(Instant at, String name) {
    return String.format("%020d/%s", at.toEpochMilli(), name);
  }

  void put(Instant at, String name, String value) {
    store.put(key(at, name), value);
  }

  void delete(Instant at, String name) {
    store.delete(key(at, name));
  }

  /** The values due at or before {@code now}, earliest first, taken off the index. */
  List<String> takeDue(Instant now) {
    List<String> keys = new ArrayList<>();
    List<String> values = new ArrayList<>();
    try (KeyValueIterator<String, String> it =
        store.range(null, String.format("%020d/~", now.toEpochMilli()))) {
      it.forEachRemaining(
          entry -> {
            keys.add(entry.key);
            values.add(entry.value);
          });
    }
    keys.forEach(store::delete);
    return values;
  }
}
