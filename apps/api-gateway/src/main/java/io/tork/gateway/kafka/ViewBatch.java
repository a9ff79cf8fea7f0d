package io.tork.gateway.kafka;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatchWithIndex;

/**
 * Writes to the view store that become visible together, with the offsets they were consumed up to:
 * for its one writer thread. Reads through a batch see its own writes (a counter, "is this new?");
 * nothing is visible to other readers before {@link #commit()}.
 */
final class ViewBatch implements AutoCloseable {
  /** How many entries a removal scans at a time. */
  static final int CHUNK = 10_000;

  private final ViewStore store;
  private final WriteBatchWithIndex batch = new WriteBatchWithIndex(true);
  private boolean empty = true;

  ViewBatch(ViewStore store) {
    this.store = store;
  }

  @Nullable byte[] get(ViewStore.Family family, byte[] key) {
    return store.read(
        () -> batch.getFromBatchAndDB(store.db(), store.handle(family), store.readOptions(), key));
  }

  void put(ViewStore.Family family, byte[] key, byte[] value) {
    run(() -> batch.put(store.handle(family), key, value));
  }

  void delete(ViewStore.Family family, byte[] key) {
    run(() -> batch.delete(store.handle(family), key));
  }

  /** {@code delta} added to the counter at {@code key} (absent is 0); returns the new value. */
  long add(ViewStore.Family family, byte[] key, long delta) {
    byte[] old = get(family, key);
    long value = (old == null ? 0 : ViewCodec.toLong(old)) + delta;
    if (value == 0) {
      delete(family, key);
    } else {
      put(family, key, ViewCodec.ofLong(value));
    }
    return value;
  }

  /**
   * The entries with {@code prefix}, as this batch would leave them, from {@code from} (a key at or
   * after which to start; null for the prefix's start), at most {@code max}.
   */
  List<ViewStore.Entry> scan(
      ViewStore.Family family, byte[] prefix, byte @Nullable [] from, int max) {
    return store.read(
        () -> {
          try (RocksIterator base =
                  store.db().newIterator(store.handle(family), store.readOptions());
              RocksIterator it = batch.newIteratorWithBase(store.handle(family), base)) {
            it.seek(from != null ? from : prefix);
            List<ViewStore.Entry> out = new ArrayList<>();
            while (it.isValid() && out.size() < max && ViewCodec.startsWith(it.key(), prefix)) {
              out.add(new ViewStore.Entry(it.key(), it.value()));
              it.next();
            }
            return out;
          }
        });
  }

  /** Marks where {@link #rollbackToSavePoint()} returns to (the writes of one record). */
  /** Every entry with {@code prefix}, a chunk at a time. */
  void deleteAll(ViewStore.Family family, byte[] prefix) {
    for (List<ViewStore.Entry> chunk = scan(family, prefix, null, CHUNK);
        !chunk.isEmpty();
        chunk = scan(family, prefix, null, CHUNK)) {
      chunk.forEach(e -> delete(family, e.key()));
    }
  }

  void savePoint() {
    batch.setSavePoint();
  }

  void rollbackToSavePoint() {
    try {
      batch.rollbackToSavePoint();
    } catch (RocksDBException e) {
      throw new ViewStore.StoreException(e);
    }
  }

  void commit() {
    if (!empty) {
      store.write(
          () -> {
            store.db().write(store.writeOptions(), batch);
            return null;
          });
    }
  }

  @FunctionalInterface
  private interface RocksAction {
    void run() throws RocksDBException;
  }

  private void run(RocksAction action) {
    empty = false;
    try {
      action.run();
    } catch (RocksDBException e) {
      throw new ViewStore.StoreException(e);
    }
  }

  @Override
  public void close() {
    batch.close();
  }
}
