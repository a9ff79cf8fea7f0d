package io.tork.gateway.kafka;

import io.tork.gateway.core.FilteringIterator;
import io.tork.model.Job;
import io.tork.model.JobState;
import io.tork.model.Task;
import io.tork.model.TaskState;
import io.tork.model.codec.Json;
import io.tork.model.codec.Sealing;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The byte layout of the view store's keys and small values, in one place. Ids are the engine's (32
 * hex characters) or any string without a zero byte; a zero byte ends each variable part of a key,
 * and numbers are big-endian so that byte order is numeric order.
 */
final class ViewCodec {
  static final byte[] EMPTY = new byte[0];
  private static final byte SEP = 0;

  private ViewCodec() {}

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String string(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** {@code id} and a separator: what every key of one job (or task) starts with. */
  static byte[] prefix(String id) {
    byte[] raw = utf8(id);
    byte[] out = Arrays.copyOf(raw, raw.length + 1);
    out[raw.length] = SEP;
    return out;
  }

  static byte[] prefix(String first, String second) {
    return concat(prefix(first), prefix(second));
  }

  static byte[] concat(byte[]... parts) {
    int size = 0;
    for (byte[] p : parts) {
      size += p.length;
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    for (byte[] p : parts) {
      out.put(p);
    }
    return out.array();
  }

  static byte[] ofInt(int value) {
    return ByteBuffer.allocate(4).putInt(value).array();
  }

  static byte[] ofLong(long value) {
    return ByteBuffer.allocate(8).putLong(value).array();
  }

  static long toLong(byte[] b) {
    return ByteBuffer.wrap(b).getLong();
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** The smallest key greater than every key starting with {@code prefix}. */
  static byte[] upperBound(byte[] prefix) {
    byte[] out = Arrays.copyOf(prefix, prefix.length);
    for (int i = out.length - 1; i >= 0; i--) {
      if (out[i] != (byte) 0xff) {
        out[i]++;
        return Arrays.copyOf(out, i + 1);
      }
    }
    byte[] all = new byte[prefix.length + 1];
    Arrays.fill(all, (byte) 0xff);
    return all;
  }

  // --- executions: job id, seq -> task id

  static byte[] executionKey(String jobId, int seq) {
    return concat(prefix(jobId), ofInt(seq));
  }

  // --- job data: outputs and secret values

  static byte[] outputKey(String jobId, String var) {
    return concat(prefix(jobId), new byte[] {'o'}, utf8(var));
  }

  static byte[] outputsPrefix(String jobId) {
    return concat(prefix(jobId), new byte[] {'o'});
  }

  static String outputVar(byte[] key, String jobId) {
    int from = prefix(jobId).length + 1;
    return new String(key, from, key.length - from, StandardCharsets.UTF_8);
  }

  /** An output: the seq of the record that wrote it, then the result. */
  static byte[] output(int seq, String result) {
    return concat(ofInt(seq), utf8(result));
  }

  static int outputSeq(byte[] value) {
    return ByteBuffer.wrap(value).getInt();
  }

  static String outputResult(byte[] value) {
    return new String(value, 4, value.length - 4, StandardCharsets.UTF_8);
  }

  /**
   * A secret value is keyed by a keyed digest of it ({@link Sealing#fingerprint}: never a plain
   * hash, which a guess could be checked against): values can be long, keys should not be.
   */
  static byte[] secretKey(String jobId, String value) {
    return concat(prefix(jobId), new byte[] {'s'}, Sealing.fingerprint(value));
  }

  static byte[] secretsPrefix(String jobId) {
    return concat(prefix(jobId), new byte[] {'s'});
  }

  // --- logs: job id, task id, number -> part; time, log key -> nothing

  static byte[] logKey(String jobId, String taskId, int number) {
    return concat(prefix(jobId, taskId), ofInt(number));
  }

  static byte[] timeKey(long epochMillis, byte[] key) {
    return concat(ofLong(epochMillis), key);
  }

  static long timeOf(byte[] timeKey) {
    return ByteBuffer.wrap(timeKey, 0, 8).getLong();
  }

  static byte[] afterTime(byte[] timeKey) {
    return Arrays.copyOfRange(timeKey, 8, timeKey.length);
  }

  /** The entries' records that still exist, read and decoded one at a time. */
  static <T> Iterator<T> present(
      Iterator<ViewStore.Entry> entries,
      Function<ViewStore.Entry, byte @Nullable []> value,
      Class<T> type) {
    return new FilteringIterator<>(
        entries,
        entry -> {
          byte[] raw = value.apply(entry);
          return raw == null ? null : Json.read(raw, type);
        });
  }

  // --- metas

  /** Where a job's record came from. */
  enum Source {
    /** Parsed from {@code jobs}: PENDING, until the scheduler's view arrives. */
    SUBMITTED,
    /** The scheduler's record, from {@code job-views}. */
    VIEW,
    /** Deleted; kept a while so that a late submission record does not bring it back. */
    GONE
  }

  /**
   * What the view keeps apart from a job's record: how it is listed, and when it ended.
   *
   * @param endedAt epoch millis of its end, -1 while it runs
   */
  record JobMeta(Source source, JobIndex.Listed listed, long endedAt) {
    byte[] encode() {
      Out out = new Out();
      out.b(source.ordinal());
      out.b(listed.state().ordinal());
      out.l(listed.createdAt().getEpochSecond());
      out.i(listed.createdAt().getNano());
      out.l(endedAt);
      out.s(listed.id());
      out.s(listed.name());
      out.s(listed.description());
      out.i(listed.tags().size());
      listed.tags().forEach(out::s);
      out.i(listed.access().size());
      listed.access().forEach(out::s);
      return out.bytes();
    }

    static @Nullable JobMeta decode(byte @Nullable [] bytes) {
      if (bytes == null) {
        return null;
      }
      In in = new In(bytes);
      Source source = Source.values()[in.b()];
      JobState state = JobState.values()[in.b()];
      Instant createdAt = Instant.ofEpochSecond(in.l(), in.i());
      long endedAt = in.l();
      String id = in.s();
      String name = in.s();
      String description = in.s();
      int tags = in.i();
      List<String> tagList = new ArrayList<>(tags);
      for (int i = 0; i < tags; i++) {
        tagList.add(in.s());
      }
      // Written before jobs had owners: nobody's, as such a job is (only admins see it).
      int keys = in.more() ? in.i() : 0;
      List<String> access = new ArrayList<>(keys);
      for (int i = 0; i < keys; i++) {
        access.add(in.s());
      }
      return new JobMeta(
          source,
          new JobIndex.Listed(id, createdAt, state, name, description, tagList, access),
          endedAt);
    }

    static JobMeta gone(String id, Instant at) {
      return new JobMeta(
          Source.GONE,
          new JobIndex.Listed(id, at, JobState.CANCELLED, "", "", List.of(), List.of()),
          at.toEpochMilli());
    }

    static JobMeta of(Source source, Job job, long endedAt) {
      return new JobMeta(source, JobIndex.Listed.of(job), endedAt);
    }
  }

  /** What the view keeps apart from a task record: where it is listed, and what it waits for. */
  record TaskMeta(String jobId, int seq, TaskState state, String queue) {
    static TaskMeta of(Task task) {
      return new TaskMeta(task.jobId(), task.seq(), task.state(), task.queue());
    }

    byte[] encode() {
      Out out = new Out();
      out.s(jobId);
      out.i(seq);
      out.b(state.ordinal());
      out.s(queue);
      return out.bytes();
    }

    static @Nullable TaskMeta decode(byte @Nullable [] bytes) {
      if (bytes == null) {
        return null;
      }
      In in = new In(bytes);
      return new TaskMeta(in.s(), in.i(), TaskState.values()[in.b()], in.s());
    }
  }

  private static final class Out {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    private final DataOutputStream out = new DataOutputStream(bytes);

    void b(int v) {
      io(() -> out.writeByte(v));
    }

    void i(int v) {
      io(() -> out.writeInt(v));
    }

    void l(long v) {
      io(() -> out.writeLong(v));
    }

    void s(String v) {
      byte[] raw = utf8(v);
      io(
          () -> {
            out.writeInt(raw.length);
            out.write(raw);
          });
    }

    byte[] bytes() {
      return bytes.toByteArray();
    }
  }

  private static final class In {
    private final DataInputStream in;

    In(byte[] bytes) {
      this.in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
    }

    int b() {
      return read(in::readUnsignedByte);
    }

    int i() {
      return read(in::readInt);
    }

    long l() {
      return read(in::readLong);
    }

    boolean more() {
      return read(in::available) > 0;
    }

    String s() {
      int size = i();
      byte[] raw = new byte[size];
      io(() -> in.readFully(raw));
      return string(raw);
    }
  }

  @FunctionalInterface
  private interface Io {
    void run() throws IOException;
  }

  @FunctionalInterface
  private interface IoRead<T> {
    T get() throws IOException;
  }

  private static void io(Io action) {
    try {
      action.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T read(IoRead<T> action) {
    try {
      return action.get();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
