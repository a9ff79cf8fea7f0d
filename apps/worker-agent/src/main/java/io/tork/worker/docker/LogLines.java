package io.tork.worker.docker;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.tork.worker.core.LogSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a container's stdout and stderr: cuts the frames into lines, hands each to the task's
 * {@link LogSink} and keeps the last few for the error message of a failed exit.
 *
 * <p>The engine (seen with 20.10) may end a follow stream before sending the container's last log
 * entry, so after the exit the whole log is read once more through {@link #rest()}, and what the
 * follow stream had not delivered is added. Per stream, both reads return the same bytes in the
 * same order, so counting bytes is enough to tell old from new.
 */
final class LogLines extends CompletionCallback<Frame> {
  static final int TAIL_LINES = 10;
  private static final Logger log = LoggerFactory.getLogger(LogLines.class);

  private final LogSink sink;
  // Frames cut lines anywhere (even inside a UTF-8 sequence), and stdout and stderr interleave:
  // one byte buffer per stream.
  private final Map<StreamType, ByteArrayOutputStream> partial = new EnumMap<>(StreamType.class);
  private final Map<StreamType, Long> followed = new EnumMap<>(StreamType.class);
  private final Map<StreamType, Long> reread = new EnumMap<>(StreamType.class);
  private final Deque<String> tail = new ArrayDeque<>();

  LogLines(LogSink sink) {
    this.sink = sink;
  }

  @Override
  public synchronized void onNext(Frame frame) {
    followed.merge(frame.getStreamType(), (long) frame.getPayload().length, Long::sum);
    append(frame.getStreamType(), frame.getPayload(), 0);
  }

  /** Waits for the rest of the output once the container has exited; false if it did not come. */
  boolean drain(Duration timeout) throws InterruptedException {
    try {
      return await(timeout);
    } catch (RuntimeException e) {
      return true; // the stream broke: the re-read will fill in
    }
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

  /** Emits the last line of each stream when it has no final newline. Call once, at the end. */
  synchronized void finish() {
    partial.values().stream().filter(line -> line.size() > 0).forEach(this::emit);
  }

  /** The last {@value #TAIL_LINES} lines, oldest first. */
  synchronized String tail() {
    return String.join("\n", tail);
  }

  private synchronized void reread(Frame frame) {
    StreamType type = frame.getStreamType();
    int length = frame.getPayload().length;
    long before = reread.getOrDefault(type, 0L);
    reread.put(type, before + length);
    long alreadyFollowed = followed.getOrDefault(type, 0L) - before;
    append(type, frame.getPayload(), Math.clamp(alreadyFollowed, 0, length));
  }

  private void append(StreamType type, byte[] payload, int from) {
    ByteArrayOutputStream line = partial.computeIfAbsent(type, t -> new ByteArrayOutputStream());
    for (int i = from; i < payload.length; i++) {
      if (payload[i] == '\n') {
        emit(line);
      } else {
        line.write(payload[i]);
      }
    }
  }

  private void emit(ByteArrayOutputStream bytes) {
    String line = bytes.toString(StandardCharsets.UTF_8);
    bytes.reset();
    if (line.endsWith("\r")) {
      line = line.substring(0, line.length() - 1);
    }
    tail.addLast(line);
    if (tail.size() > TAIL_LINES) {
      tail.removeFirst();
    }
    try {
      sink.line(line);
    } catch (RuntimeException e) {
      // A failing sink must not stop the stream: the tail is still needed.
      log.atWarn().addKeyValue("error", e.toString()).log("log sink failed");
    }
  }
}
