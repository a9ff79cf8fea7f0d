package io.tork.worker.core;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cuts one output stream's bytes into lines for a {@link LogSink}, however the bytes arrive (frames
 * cut lines anywhere, even inside a UTF-8 sequence): at each {@code \n} (a {@code \r} before it
 * dropped), and where a line grows past {@code maxLineBytes}, so that no line handed on is longer
 * and no more than one line is ever held. A long line is cut at a character boundary, after the
 * last blank of its last {@value #BLANK_SEARCH} bytes if there is one (a secret the worker does not
 * know, which only the API redacts, is then unlikely to be cut in two); its pieces go to {@link
 * LogSink#piece}. Not thread-safe: one per stream.
 */
public final class LineSplitter {
  static final int BLANK_SEARCH = 256;

  private final int maxLineBytes;
  private final LogSink sink;
  private byte[] buffer = new byte[128];
  private int length;

  public LineSplitter(int maxLineBytes, LogSink sink) {
    if (maxLineBytes < 8) {
      throw new IllegalArgumentException("a line must allow at least 8 bytes: " + maxLineBytes);
    }
    this.maxLineBytes = maxLineBytes;
    this.sink = sink;
  }

  /** Takes {@code bytes[from, to)}. */
  public void feed(byte[] bytes, int from, int to) {
    int start = from;
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\n') {
        append(bytes, start, i);
        emitLine();
        start = i + 1;
      }
    }
    append(bytes, start, to);
  }

  /** Hands on the last line when it had no final newline. Call once, at the end. */
  public void finish() {
    if (length > 0) {
      emitLine();
    }
  }

  private void append(byte[] bytes, int from, int to) {
    int at = from;
    while (at < to) {
      if (length == maxLineBytes) {
        emitPiece();
      }
      int n = Math.min(to - at, maxLineBytes - length);
      if (buffer.length < length + n) {
        buffer = Arrays.copyOf(buffer, Math.min(maxLineBytes, Math.max(length + n, length * 2)));
      }
      System.arraycopy(bytes, at, buffer, length, n);
      length += n;
      at += n;
    }
  }

  private void emitLine() {
    int end = length > 0 && buffer[length - 1] == '\r' ? length - 1 : length;
    String line = new String(buffer, 0, end, StandardCharsets.UTF_8);
    length = 0;
    sink.line(line);
  }

  /** The full buffer goes as a piece of a longer line; what follows the cut stays. */
  private void emitPiece() {
    int cut = cut();
    String piece = new String(buffer, 0, cut, StandardCharsets.UTF_8);
    System.arraycopy(buffer, cut, buffer, 0, length - cut);
    length -= cut;
    sink.piece(piece);
  }

  private int cut() {
    for (int i = length - 1; i >= Math.max(1, length - BLANK_SEARCH); i--) {
      if (buffer[i] == ' ' || buffer[i] == '\t') {
        return i + 1;
      }
    }
    return characterBoundary();
  }

  /** The end of the last whole UTF-8 character in the buffer. */
  private int characterBoundary() {
    int start = length - 1;
    while (start > 0 && start > length - 4 && (buffer[start] & 0xC0) == 0x80) {
      start--;
    }
    int lead = buffer[start] & 0xFF;
    int size = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return start + size <= length || start == 0 ? length : start;
  }
}
