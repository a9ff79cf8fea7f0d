package io.tork.model;

import java.util.List;

/** A job document that cannot be accepted; the message names each field and its problem. */
public final class InvalidJobException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public InvalidJobException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public InvalidJobException(String problem) {
    this(List.of(problem));
  }

  public List<String> problems() {
    return problems;
  }
}
