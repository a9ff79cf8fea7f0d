package io.tork.worker.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.tork.worker.core.Execution;
import io.tork.worker.core.LineSplitter;
import io.tork.worker.core.OutputTail;
import io.tork.worker.core.PrefixedSink;
import java.io.Closeable;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A container's stdout and stderr as they come, attached to before its start (as {@code docker run}
 * does, see ADR 36): cuts the frames into lines (each stream on its own, long lines split, see
 * {@link LineSplitter}) and hands each to the step's {@link OutputTail}, and so on to the task's
 * log. The stream ends when the container's output does, just after its exit; a consumer slower
 * than the container makes it wait, so nothing piles up here.
 */
final class LogLines extends CompletionCallback<Frame> {
  private final OutputTail output;
  private final int maxLineBytes;
  private final Map<StreamType, LineSplitter> lines = new EnumMap<>(StreamType.class);
  private final CountDownLatch attached = new CountDownLatch(1);
  private volatile long received;
  private volatile @Nullable Throwable failure;
  private boolean finished;

  LogLines(Execution execution) {
    this.output = execution.stepOutput();
    this.maxLineBytes = execution.limits().maxLogLineBytes();
  }

  /** A sidecar's: each line in the task's log behind {@code prefix}, within the same limit. */
  LogLines(Execution execution, String prefix) {
    PrefixedSink prefixed = new PrefixedSink(prefix, execution.logs());
    this.output = new OutputTail(execution.limits(), execution.redaction(), prefixed);
    // LineSplitter needs room for a few characters; a prefix never takes all of a line.
    this.maxLineBytes = Math.max(64, execution.limits().maxLogLineBytes() - prefixed.prefixBytes());
  }

  /**
   * Follows the stdout and stderr of container {@code id} from now on (none of what it printed
   * before): call before the start. Returns this.
   */
  LogLines attach(DockerClient docker, String id) {
    return docker
        .attachContainerCmd(id)
        .withStdOut(true)
        .withStdErr(true)
        .withFollowStream(true)
        .withLogs(false)
        .exec(this);
  }

  @Override
  public void onStart(Closeable stream) {
    super.onStart(stream);
    attached.countDown();
  }

  @Override
  public synchronized void onNext(Frame frame) {
    byte[] payload = frame.getPayload();
    received += payload.length;
    if (!finished) {
      lines
          .computeIfAbsent(frame.getStreamType(), t -> new LineSplitter(maxLineBytes, output))
          .feed(payload, 0, payload.length);
    }
  }

  @Override
  void ended(@Nullable Throwable error) {
    failure = error;
    attached.countDown(); // a stream that failed before it started is not waited for
  }

  /** Waits until the engine answered the attach (the output from the start is then ours). */
  boolean awaitAttached(Duration timeout) throws InterruptedException {
    return attached.await(timeout.toNanos(), TimeUnit.NANOSECONDS) && failure == null;
  }

  /** Why the stream failed; null while it has not. */
  @Nullable Throwable failure() {
    return failure;
  }

  /** Bytes received so far: tells a stream that still delivers from one that stalled. */
  long received() {
    return received;
  }

  /** Waits up to {@code timeout} for the stream to end; whether it has (or broke). */
  boolean awaitEnd(Duration timeout) throws InterruptedException {
    try {
      return await(timeout);
    } catch (RuntimeException e) {
      return true; // it broke: failure() says how
    }
  }

  /** Part of the output was not read: the task's log says so. */
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
}
