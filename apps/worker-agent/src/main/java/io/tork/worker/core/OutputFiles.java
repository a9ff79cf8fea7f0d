package io.tork.worker.core;

import io.tork.model.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;

/**
 * Reads what a task wrote to {@code $TORK_OUTPUT} and {@code $TORK_PROGRESS}, the same way for
 * every runtime, and never more of them than the limits allow: a task can make either file as large
 * as its disk.
 */
public final class OutputFiles {
  // The largest array the JVM allocates; a limit set higher is this in effect.
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 16;

  private OutputFiles() {}

  /**
   * The step's result from its {@code $TORK_OUTPUT}: {@code in} holds its contents, {@code size}
   * bytes. Over {@link Limits#maxResultBytes} it is not read: the step fails with the limit's
   * message. At most the limit and one byte are read however large the file turns out to be.
   */
  public static StepResult result(InputStream in, long size, Limits limits) throws IOException {
    long max = Math.min(limits.maxResultBytes(), MAX_ARRAY - 1);
    if (size > max) {
      return overLimit(size, limits);
    }
    byte[] bytes = in.readNBytes((int) max + 1);
    if (bytes.length > max) {
      return overLimit(Math.max(size, bytes.length), limits);
    }
    return new StepResult.Completed(new String(bytes, StandardCharsets.UTF_8));
  }

  private static StepResult overLimit(long size, Limits limits) {
    return new StepResult.Failed(
        Limits.exceeded("task output", size, limits.maxResultBytes(), "maxResultBytes"));
  }

  /** The progress in the head of {@code in}, which is read no further. */
  public static OptionalDouble progress(InputStream in) throws IOException {
    byte[] head = in.readNBytes(Execution.PROGRESS_HEAD_BYTES);
    return Execution.parseProgress(head, head.length);
  }

  /** The progress in the head of a file, read in place (whatever its size, one small read). */
  public static OptionalDouble progress(FileChannel file) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(Execution.PROGRESS_HEAD_BYTES);
    file.read(head, 0);
    return Execution.parseProgress(head.array(), head.position());
  }
}
