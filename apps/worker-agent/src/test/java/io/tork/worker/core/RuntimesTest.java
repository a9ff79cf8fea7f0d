package io.tork.worker.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tork.worker.shell.ShellRuntime;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runtimes are found by name through ServiceLoader, this module's own among them. */
class RuntimesTest {
  @TempDir Path workdir;

  @Test
  void theShellRuntimeIsFoundByName() {
    assertThat(Runtimes.create("shell", Runtimes.Options.builder("n").workdir(workdir).build()))
        .isInstanceOf(ShellRuntime.class);
  }

  @Test
  void anUnknownNameIsToldTheKnownOnesBuiltInFirst() {
    assertThatThrownBy(
            () -> Runtimes.create("nope", Runtimes.Options.builder("n").workdir(workdir).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown runtime 'nope': expected docker, shell");
  }
}
