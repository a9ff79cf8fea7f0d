package io.tork.worker.core;

import io.tork.model.Limits;
import io.tork.model.codec.Redaction;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.stream.Collectors;

/**
 * The last {@value #LINES} lines of a step's output, for the error of a failed exit: each shown
 * line is cut to its share of {@link Limits#maxErrorBytes}, so that one long line cannot crowd out
 * the others, and secrets are redacted before any cut. Thread-safe; it is also a {@link LogSink},
 * to put in front of the task's own.
 */
public final class OutputTail implements LogSink {
  public static final int LINES = 10;
  // Room left in the error for what precedes the tail ("pre task 'x' failed: exit code 1: ").
  private static final long PREFIX_BYTES = 256;

  private final Deque<Line> lines = new ArrayDeque<>();
  private final long maxLineBytes;
  private final Redaction redaction;
  private final LogSink next;
  private boolean continuing;

  /**
   * @param next where every line goes on to
   */
  public OutputTail(Limits limits, Redaction redaction, LogSink next) {
    this.maxLineBytes = Math.max(64, (limits.maxErrorBytes() - PREFIX_BYTES) / LINES);
    this.redaction = redaction;
    this.next = next;
  }

  @Override
  public void line(String line) {
    keep(line, false);
    next.line(line);
  }

  @Override
  public void piece(String text) {
    keep(text, true);
    next.piece(text);
  }

  @Override
  public void lost(String why) {
    next.lost(why);
  }

  private synchronized void keep(String text, boolean continues) {
    if (!continuing) {
      lines.addLast(new Line());
      if (lines.size() > LINES) {
        lines.removeFirst();
      }
    }
    // Enough to cut from once redacted (a secret at the cut included): the rest is never shown.
    Line line = lines.getLast();
    int room =
        (int) Math.max(0, Math.min(text.length(), 2 * maxLineBytes + 1024 - line.kept.length()));
    line.kept.append(text, 0, room);
    if (room < text.length()) {
      line.beyond += ErrorText.utf8Length(text.substring(room));
    }
    continuing = continues;
  }

  /** The lines, oldest first, each redacted and cut to its share. */
  public synchronized String text() {
    return lines.stream()
        .map(line -> ErrorText.cap(line.kept.toString(), line.beyond, maxLineBytes, redaction))
        .collect(Collectors.joining("\n"));
  }

  /** The start of a line, and how many bytes of it did not fit. */
  private static final class Line {
    final StringBuilder kept = new StringBuilder();
    long beyond;
  }
}
