package io.tork.worker.docker;

import io.tork.worker.core.Runtime;
import io.tork.worker.core.Runtimes;

/** The {@code docker} runtime (the default), found by {@link Runtimes} through ServiceLoader. */
public final class DockerRuntimeProvider implements Runtimes.Provider {
  @Override
  public String name() {
    return "docker";
  }

  @Override
  public Runtime create(Runtimes.Options options) {
    return DockerRuntime.connect(options);
  }
}
