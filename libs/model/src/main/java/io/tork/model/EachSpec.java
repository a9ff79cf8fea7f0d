package io.tork.model;

import org.jspecify.annotations.Nullable;

/**
 * {@code each: {list, var, concurrency, task}}: one child per element of {@code list} (an
 * expression), which sees {@code <var>.index} (a string) and {@code <var>.value}; at most {@code
 * concurrency} run at once (0: no limit).
 */
public record EachSpec(String list, String var, Integer concurrency, @Nullable TaskSpec task) {
  public static final String DEFAULT_VAR = "item";

  public EachSpec {
    list = Strings.orEmpty(list);
    var = Strings.orEmpty(var);
    concurrency = concurrency == null ? 0 : concurrency;
  }

  /** The name the children see their element under. */
  public String itemVar() {
    return var.isEmpty() ? DEFAULT_VAR : var;
  }
}
