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

  /**
   * A record limit of 1 MiB (the smallest that holds a 1 MiB document), the values that go whole
   * into records lowered to fit it.
   */
  static Limits smallRecords() {
    return of(
        "--max-record-size",
        "1m",
        "--max-result-size",
        "100k",
        "--max-value-size",
        "100k",
        "--max-job-result-size",
        "100k",
        "--max-webhook-payload",
        "100k");
  }
}
