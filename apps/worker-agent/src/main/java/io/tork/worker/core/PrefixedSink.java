package io.tork.worker.core;

/**
 * Puts a prefix before each line it hands on (a sidecar's name, say), once per line: the pieces of
 * a long line after its first go on unprefixed, so that the line reads as one. Thread-safe when
 * {@code next} is.
 */
public final class PrefixedSink implements LogSink {
  private final String prefix;
  private final LogSink next;
  private boolean continuing;

  public PrefixedSink(String prefix, LogSink next) {
    this.prefix = prefix;
    this.next = next;
  }

  /** The prefix's length in UTF-8: what a line gives up so that it stays within its limit. */
  public int prefixBytes() {
    return (int) ErrorText.utf8Length(prefix);
  }

  @Override
  public synchronized void line(String line) {
    next.line(continuing ? line : prefix + line);
    continuing = false;
  }

  @Override
  public synchronized void piece(String text) {
    next.piece(continuing ? text : prefix + text);
    continuing = true;
  }

  @Override
  public void lost(String why) {
    next.lost(prefix + why);
  }
}
