package io.tork.scheduler.kafka;

import io.tork.cli.LimitOptions;
import io.tork.model.Limits;
import picocli.CommandLine;

/** Limits as the flags give them, for tests that need one or two smaller. */
final class LimitsFixture {
  private LimitsFixture() {}

  /** The limits {@code flags} (e.g. {@code "--max-record-size", "20000"}) give. */
  static Limits of(String... flags) {
    return CommandLine.populateCommand(new LimitOptions(), flags).limits();
  }

  static Limits withMaxRecordBytes(int bytes) {
    return of("--max-record-size", String.valueOf(bytes));
  }
}
