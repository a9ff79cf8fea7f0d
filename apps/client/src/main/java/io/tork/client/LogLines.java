package io.tork.client;

import java.util.function.Consumer;

/** Log parts (chunks of a task's output) cut into lines; a last line without its newline waits. */
final class LogLines {
  private final Consumer<String> out;
  private final StringBuilder pending = new StringBuilder();

  LogLines(Consumer<String> out) {
    this.out = out;
  }

  void add(String contents) {
    pending.append(contents);
    int at;
    while ((at = pending.indexOf("\n")) >= 0) {
      String line = pending.substring(0, at);
      out.accept(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
      pending.delete(0, at + 1);
    }
  }

  /** What is left once the log has ended. */
  void flush() {
    if (!pending.isEmpty()) {
      out.accept(pending.toString());
      pending.setLength(0);
    }
  }
}
