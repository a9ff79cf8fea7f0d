package io.tork.client;

import java.io.PrintStream;

/** Lines for people, from any thread (log followers print beside the state changes). */
final class Printer {
  private final PrintStream out;

  Printer(PrintStream out) {
    this.out = out;
  }

  synchronized void line(String text) {
    out.println(text);
    out.flush();
  }
}
