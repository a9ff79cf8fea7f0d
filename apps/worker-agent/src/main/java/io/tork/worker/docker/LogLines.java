package io.tork.worker.docker;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.tork.worker.core.Execution;
import io.tork.worker.core.LineSplitter;
import io.tork.worker.core.OutputTail;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Follows a container's stdout and stderr: cuts the frames into lines (each stream on its own, long
 * lines split, see {@link LineSplitter}) and hands each to the step's {@link OutputTail}, and so on
 * to the task's log.
 *
 * <p>The engine (20.10, moby issue 43860) may end a follow stream without its last entry when that
 * entry has no final newline. So once the follow has ended, the log's last entry is read ({@link
 * #lastEntry()}, a {@code tail=1} read): when it is such an entry and the follow did not end with
 * it, the whole log is read once more ({@link #rest()}), and what the follow stream had not
 * delivered is added. Per stream, both reads return the same bytes in the same order, so counting
 * bytes is enough to tell old from new.
 */
final class LogLines extends CompletionCallback<Frame> {
  /** The longest last entry recognised at the end of what was followed; longer ones: re-read. */
  static final int RECENT_BYTES = 32 * 1024;

  private final OutputTail output;
  private final int maxLineBytes;
  private final Map<StreamType, LineSplitter> lines = new EnumMap<>(StreamType.class);
  private final Map<StreamType, Recent> recent = new EnumMap<>(StreamType.class);
  private final Map<StreamType, Long> reread = new EnumMap<>(StreamType.class);
  private volatile long received;
  private volatile boolean failed;
  private boolean finished;

  LogLines(Execution execution) {
    this.output = execution.stepOutput();
    this.maxLineBytes = execution.limits().maxLogLineBytes();
  }

  @Override
  public synchronized void onNext(Frame frame) {
    byte[] payload = frame.getPayload();
    received += payload.length;
    recent.computeIfAbsent(frame.getStreamType(), type -> new Recent()).add(payload);
    append(frame.getStreamType(), payload, 0);
  }

  @Override
  void ended(@Nullable Throwable error) {
    failed = error != null;
  }

  /** Bytes received so far: tells a stream that still delivers from one that stalled. */
  long received() {
    return received;
  }

  /** Waits up to {@code timeout} for the follow stream to end; whether it has (or broke). */
  boolean awaitEnd(Duration timeout) throws InterruptedException {
    try {
      return await(timeout);
    } catch (RuntimeException e) {
      return true; // it broke: failed() says so
    }
  }

  /** Whether the follow stream broke rather than ended. */
  boolean failed() {
    return failed;
  }

  /** A callback for a read of the log's last entry ({@code tail=1}). */
  static LastEntry lastEntry() {
    return new LastEntry();
  }

  /**
   * Whether the follow delivered {@code last}, the log's last entry: an entry with a final newline
   * always is (only one without is lost), and one without must end what was followed of its stream,
   * after a newline (after another piece of the same line, it might be that piece).
   */
  synchronized boolean followedUpTo(LastEntry last) {
    if (last.isEmpty() || last.endsLine()) {
      return true;
    }
    Recent followed = recent.get(last.stream());
    return followed != null && followed.endsWithLine(last.bytes());
  }

  /** A callback for a second, non-follow read of the whole log: adds what was not followed. */
  CompletionCallback<Frame> rest() {
    return new CompletionCallback<>() {
      @Override
      public void onNext(Frame frame) {
        reread(frame);
      }
    };
  }

  /** Part of the log was not read: the task's log says so. */
  void lost(String why) {
    output.lost(why);
  }

  /** Hands on the last line of each stream when it has no final newline; ignores what follows. */
  synchronized void finish() {
    if (!finished) {
      finished = true;
      lines.values().forEach(LineSplitter::finish);
    }
  }

  /** The step's last lines, for its error. */
  String tail() {
    return output.text();
  }

  private synchronized void reread(Frame frame) {
    byte[] payload = frame.getPayload();
    received += payload.length;
    StreamType type = frame.getStreamType();
    long before = reread.getOrDefault(type, 0L);
    reread.put(type, before + payload.length);
    Recent followed = recent.get(type);
    long alreadyFollowed = (followed == null ? 0 : followed.total) - before;
    append(type, payload, (int) Math.clamp(alreadyFollowed, 0, payload.length));
  }

  private void append(StreamType type, byte[] payload, int from) {
    if (finished) {
      return; // the step has returned: a stream closed late has nothing more to say
    }
    lines
        .computeIfAbsent(type, t -> new LineSplitter(maxLineBytes, output))
        .feed(payload, from, payload.length);
  }

  /** The last bytes followed of one stream, and how many there were in all. */
  private static final class Recent {
    private final byte[] ring = new byte[RECENT_BYTES];
    private long total;

    void add(byte[] bytes) {
      int from = Math.max(0, bytes.length - RECENT_BYTES);
      total += from;
      int n = bytes.length - from;
      int at = (int) (total % RECENT_BYTES);
      int first = Math.min(n, RECENT_BYTES - at);
      System.arraycopy(bytes, from, ring, at, first);
      System.arraycopy(bytes, from + first, ring, 0, n - first);
      total += n;
    }

    /** Whether the bytes end with {@code end}, which starts a line (follows a newline, or none). */
    boolean endsWithLine(byte[] end) {
      if (end.length >= RECENT_BYTES || end.length > total) {
        return false;
      }
      for (int i = 0; i < end.length; i++) {
        if (ring[(int) ((total - end.length + i) % RECENT_BYTES)] != end[i]) {
          return false;
        }
      }
      return total == end.length || ring[(int) ((total - end.length - 1) % RECENT_BYTES)] == '\n';
    }
  }

  /** Receives the log's last entry from a {@code tail=1} read (none for an empty log). */
  static final class LastEntry extends CompletionCallback<Frame> {
    private StreamType stream = StreamType.RAW;
    private byte[] bytes = new byte[0];

    @Override
    public synchronized void onNext(Frame frame) {
      stream = frame.getStreamType();
      if (bytes.length < RECENT_BYTES) {
        int from = bytes.length;
        bytes = Arrays.copyOf(bytes, from + frame.getPayload().length);
        System.arraycopy(frame.getPayload(), 0, bytes, from, frame.getPayload().length);
      }
    }

    synchronized boolean isEmpty() {
      return bytes.length == 0;
    }

    synchronized boolean endsLine() {
      return bytes.length > 0 && bytes[bytes.length - 1] == '\n';
    }

    synchronized StreamType stream() {
      return stream;
    }

    synchronized byte[] bytes() {
      return bytes;
    }
  }
}
