package io.tork.worker.shell;

import io.tork.worker.core.Runtime;
import io.tork.worker.core.Runtimes;

/** The {@code shell} runtime, found by {@link Runtimes} through ServiceLoader. */
public final class ShellRuntimeProvider implements Runtimes.Provider {
  @Override
  public String name() {
    return "shell";
  }

  @Override
  public Runtime create(Runtimes.Options options) {
    return ShellRuntime.create(options.workdir());
  }
}
