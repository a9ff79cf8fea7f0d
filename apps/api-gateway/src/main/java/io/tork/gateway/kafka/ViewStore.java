package io.tork.gateway.kafka;

import io.tork.cli.StartupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.IndexType;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.RocksObject;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * The gateway's view on disk: one local RocksDB with a column family per kind of entry (ADR 33).
 * Its memory is bounded whatever it holds: one block cache (index and filter blocks included) and
 * the memtables, charged to that cache. Everything else is on disk and in the OS page cache.
 *
 * <p>One writer (the view's consumer thread) writes through {@link ViewBatch}es, each applied
 * atomically together with the consumed offsets, so that a restart resumes where the last batch
 * ended. Any thread reads; reads never hold a RocksDB iterator beyond one call ({@link #scan} reads
 * in chunks), so a slow HTTP client holds nothing open. After {@link #close()}, reads throw.
 */
final class ViewStore implements AutoCloseable {
  /** What each column family holds (keys and values in {@link ViewCodec}). */
  enum Family {
    /** Consumed offsets, the cluster this view belongs to, counters. */
    META,
    /** job id -> the job's JSON record (from job-views, or as submitted). */
    JOBS,
    /** job id -> its {@link ViewCodec.JobMeta}: source, listing fields, end time. */
    JOB_META,
    /** task id -> the task record's JSON. */
    TASKS,
    /** task id -> its {@link ViewCodec.TaskMeta}: job, seq, state, queue. */
    TASK_META,
    /** job id, seq -> task id: a job's execution list in creation order. */
    EXECUTIONS,
    /** job id, kind, name -> the job's var outputs and the secret values its task records carry. */
    JOB_DATA,
    /** job id, task id, part number -> the log part's JSON. */
    LOGS,
    /** time, log key -> nothing: log parts in the order they expire. */
    LOG_TIMES,
    /** index, newest first, job id -> nothing: the listing (see {@link JobIndex}). */
    LISTING,
    /** end time, job id -> nothing: ended jobs in the order they expire. */
    ENDED,
    /** time, job id -> nothing: deleted jobs' markers, in the order they are dropped. */
    GONE,
    /** scheduled job id -> its JSON record. */
    SCHEDULES;

    byte[] id() {
      return this == META
          ? RocksDB.DEFAULT_COLUMN_FAMILY
          : name()
              .toLowerCase(java.util.Locale.ROOT)
              .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** One entry; {@code value} is empty when scanned for keys only. */
  record Entry(byte[] key, byte[] value) {}

  /** The bounds of the store's memory. */
  record Memory(long blockCacheBytes, long writeBufferBytes) {
    static final Memory DEFAULT = new Memory(32L << 20, 16L << 20);
  }

  private static final int SCAN_CHUNK = 256;

  static {
    RocksDB.loadLibrary();
  }

  private final Path dir;
  private final RocksDB db;
  private final Map<Family, ColumnFamilyHandle> handles = new EnumMap<>(Family.class);
  private final List<RocksObject> resources = new ArrayList<>();
  private final WriteOptions writeOptions = new WriteOptions();
  private final ReadOptions readOptions = new ReadOptions();
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  private ViewStore(Path dir, RocksDB db, List<ColumnFamilyHandle> handles, List<RocksObject> res) {
    this.dir = dir;
    this.db = db;
    Family[] families = Family.values();
    for (int i = 0; i < families.length; i++) {
      this.handles.put(families[i], handles.get(i));
    }
    resources.addAll(res);
  }

  /**
   * Opens (or creates) the store in {@code dir}.
   *
   * @throws StartupException naming the directory when it cannot be opened, e.g. because another
   *     gateway uses it
   */
  static ViewStore open(Path dir, Memory memory) {
    List<RocksObject> res = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      Cache cache = track(res, new LRUCache(memory.blockCacheBytes(), -1, false, 0.5));
      WriteBufferManager buffers =
          track(res, new WriteBufferManager(memory.writeBufferBytes(), cache));
      BlockBasedTableConfig table =
          new BlockBasedTableConfig()
              .setBlockCache(cache)
              .setBlockSize(16 * 1024)
              // Index and filter blocks in the bounded cache: otherwise they live outside it and
              // grow with the data, which is the memory this store must not grow.
              .setCacheIndexAndFilterBlocks(true)
              .setCacheIndexAndFilterBlocksWithHighPriority(true)
              .setPinTopLevelIndexAndFilter(true)
              // Partitioned: a lookup loads one small partition of a file's index and filter,
              // not the whole (a megabyte per million keys) into a cache of a few dozen.
              .setIndexType(IndexType.kTwoLevelIndexSearch)
              .setPartitionFilters(true)
              .setMetadataBlockSize(4096)
              .setFilterPolicy(track(res, new BloomFilter(10, false)));
      ColumnFamilyOptions family =
          track(res, new ColumnFamilyOptions())
              .setTableFormatConfig(table)
              .setWriteBufferSize(4L << 20)
              .setMaxWriteBufferNumber(2)
              .setCompressionType(CompressionType.LZ4_COMPRESSION)
              .setLevelCompactionDynamicLevelBytes(true);
      DBOptions options =
          track(res, new DBOptions())
              .setCreateIfMissing(true)
              .setCreateMissingColumnFamilies(true)
              .setWriteBufferManager(buffers)
              .setMaxBackgroundJobs(2)
              .setMaxTotalWalSize(64L << 20)
              .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
              .setKeepLogFileNum(2)
              .setMaxLogFileSize(1L << 20);
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (Family f : Family.values()) {
        descriptors.add(new ColumnFamilyDescriptor(f.id(), family));
      }
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles);
      return new ViewStore(dir, db, handles, res);
    } catch (RocksDBException e) {
      res.forEach(RocksObject::close);
      String why = String.valueOf(e.getMessage());
      if (why.contains("lock")) {
        throw new StartupException(
            "the gateway's state dir "
                + dir
                + " is in use by another gateway; give each its own --state-dir");
      }
      throw new StartupException("cannot open the gateway's state dir " + dir + ": " + why);
    } catch (IOException e) {
      res.forEach(RocksObject::close);
      throw new StartupException("cannot create the gateway's state dir " + dir + ": " + e);
    }
  }

  private static <T extends RocksObject> T track(List<RocksObject> res, T object) {
    res.add(object);
    return object;
  }

  Path dir() {
    return dir;
  }

  @Nullable byte[] get(Family family, byte[] key) {
    return read(() -> db.get(handles.get(family), readOptions, key));
  }

  /**
   * Up to {@code max} entries whose keys start with {@code prefix}, in key order (or reversed),
   * after {@code after} (exclusive; null for the first or last).
   */
  List<Entry> scan(
      Family family,
      byte[] prefix,
      byte @Nullable [] after,
      boolean reverse,
      int max,
      boolean keysOnly) {
    return read(
        () -> {
          try (RocksIterator it = db.newIterator(handles.get(family), readOptions)) {
            return collect(it, prefix, after, reverse, max, keysOnly);
          }
        });
  }

  /** Every entry with {@code prefix}, read in chunks as the iterator is consumed. */
  Iterator<Entry> entries(Family family, byte[] prefix, boolean reverse, boolean keysOnly) {
    return new Iterator<>() {
      private List<Entry> chunk = List.of();
      private int next;
      private byte @Nullable [] last;
      private boolean exhausted;

      @Override
      public boolean hasNext() {
        if (next < chunk.size()) {
          return true;
        }
        if (exhausted) {
          return false;
        }
        chunk = scan(family, prefix, last, reverse, SCAN_CHUNK, keysOnly);
        next = 0;
        exhausted = chunk.size() < SCAN_CHUNK;
        if (!chunk.isEmpty()) {
          last = chunk.getLast().key();
        }
        return !chunk.isEmpty();
      }

      @Override
      public Entry next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return chunk.get(next++);
      }
    };
  }

  private static List<Entry> collect(
      RocksIterator it,
      byte[] prefix,
      byte @Nullable [] after,
      boolean reverse,
      int max,
      boolean keysOnly) {
    if (reverse) {
      byte[] from = after != null ? after : ViewCodec.upperBound(prefix);
      it.seekForPrev(from);
      if (it.isValid() && Arrays.equals(it.key(), from)) {
        it.prev();
      }
    } else {
      it.seek(after != null ? after : prefix);
      if (after != null && it.isValid() && Arrays.equals(it.key(), after)) {
        it.next();
      }
    }
    List<Entry> out = new ArrayList<>();
    byte[] empty = new byte[0];
    while (it.isValid() && out.size() < max) {
      byte[] key = it.key();
      if (!ViewCodec.startsWith(key, prefix)) {
        break;
      }
      out.add(new Entry(key, keysOnly ? empty : it.value()));
      if (reverse) {
        it.prev();
      } else {
        it.next();
      }
    }
    return out;
  }

  /**
   * A batch of writes for the writer thread; nothing is visible before {@link ViewBatch#commit()}.
   */
  ViewBatch batch() {
    return new ViewBatch(this);
  }

  /** Removes everything (the view is rebuilt from the topics). */
  void wipe() {
    write(
        () -> {
          try (WriteBatch all = new WriteBatch()) {
            byte[] low = new byte[0];
            byte[] high = new byte[256];
            Arrays.fill(high, (byte) 0xff);
            for (Family f : Family.values()) {
              all.deleteRange(handles.get(f), low, high);
            }
            db.write(writeOptions, all);
          }
          return null;
        });
  }

  /** RocksDB's own estimate of what its memtables and caches hold, for logs. */
  long estimatedMemoryBytes() {
    return read(
        () ->
            Long.parseLong(db.getProperty("rocksdb.cur-size-all-mem-tables"))
                + Long.parseLong(db.getProperty("rocksdb.block-cache-usage")));
  }

  @FunctionalInterface
  interface RocksRead<T> {
    T get() throws RocksDBException;
  }

  /** {@code action} on the open store (the lock keeps {@link #close()} apart from it). */
  <T> T read(RocksRead<T> action) {
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("the gateway's view store is closed");
      }
      return action.get();
    } catch (RocksDBException e) {
      throw new StoreException(e);
    } finally {
      lock.readLock().unlock();
    }
  }

  <T> T write(RocksRead<T> action) {
    return read(action); // RocksDB orders writes itself; the lock only keeps close() apart
  }

  RocksDB db() {
    return db;
  }

  ColumnFamilyHandle handle(Family family) {
    return handles.get(family);
  }

  ReadOptions readOptions() {
    return readOptions;
  }

  WriteOptions writeOptions() {
    return writeOptions;
  }

  /** A failure of the store itself (disk full, corruption): not a record's fault. */
  static final class StoreException extends RuntimeException {
    StoreException(RocksDBException cause) {
      super("view store: " + cause.getMessage(), cause);
    }
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      handles.values().forEach(ColumnFamilyHandle::close);
      db.close();
      writeOptions.close();
      readOptions.close();
      resources.forEach(RocksObject::close);
    } finally {
      lock.writeLock().unlock();
    }
  }
}
