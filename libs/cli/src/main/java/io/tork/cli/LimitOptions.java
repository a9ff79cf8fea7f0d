package io.tork.cli;

import io.tork.model.Limits;
import io.tork.model.Quantities;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The size limits ({@link Limits}) as flags, shared by every command: each process enforces the
 * ones it meets (the gateway the body, the worker outputs and logs, the scheduler the rest), and
 * all of them must agree, so distributed processes take the same values. Sizes take b/k/m/g ({@code
 * 256k}, {@code 1m}); unset flags keep {@link Limits#DEFAULTS}.
 */
public final class LimitOptions {
  private static final Limits D = Limits.DEFAULTS;

  @Option(
      names = "--max-body-size",
      converter = Size.class,
      description = "Largest request body (default: 1m).")
  Long maxBody;

  @Option(
      names = "--max-result-size",
      converter = Size.class,
      description = "Largest task output, $TORK_OUTPUT (default: 256k).")
  Long maxResult;

  @Option(
      names = "--max-error-size",
      converter = Size.class,
      description = "Largest task error text (default: 16k).")
  Long maxError;

  @Option(
      names = "--max-value-size",
      converter = Size.class,
      description = "Largest rendered template or expression value (default: 256k).")
  Long maxValue;

  @Option(
      names = "--max-job-result-size",
      converter = Size.class,
      description = "Largest job result (default: 256k).")
  Long maxJobResult;

  @Option(
      names = "--max-log-line",
      converter = Size.class,
      description = "Longest log line; longer ones are split (default: 64k).")
  Long maxLogLine;

  @Option(
      names = "--max-task-log",
      converter = Size.class,
      description = "Most log a task may write; the rest is dropped, saying so (default: 64m).")
  Long maxTaskLog;

  @Option(
      names = "--max-tasks-per-job",
      description =
          "Most task records a job may plan: each list, parallel width (default: 100000).")
  Integer maxTasksPerJob;

  @Option(names = "--max-sequence", description = "Longest sequence() list (default: 100000).")
  Integer maxSequence;

  @Option(
      names = "--max-webhook-payload",
      converter = Size.class,
      description = "Largest webhook body (default: 256k).")
  Long maxWebhookPayload;

  @Option(
      names = "--max-wait",
      converter = Cli.DurationConverter.class,
      description = "Longest wait.timeout (default: 10m).")
  Duration maxWait;

  @Option(
      names = "--max-duration",
      converter = Cli.DurationConverter.class,
      description = "Longest duration in a document (default: 8784h).")
  Duration maxDuration;

  @Option(
      names = "--min-cron-interval",
      converter = Cli.DurationConverter.class,
      description = "Shortest interval between a schedule's ticks (default: 10s).")
  Duration minCronInterval;

  @Option(
      names = "--max-record-size",
      converter = Size.class,
      description =
          "Largest record written to Kafka, and the engine topics' max.message.bytes (default: 8m).")
  Long maxRecord;

  /** The limits these flags give, defaults for those unset. */
  public Limits limits() {
    return new Limits(
        or(maxBody, D.maxBodyBytes()),
        or(maxResult, D.maxResultBytes()),
        or(maxError, D.maxErrorBytes()),
        or(maxValue, D.maxValueBytes()),
        or(maxJobResult, D.maxJobResultBytes()),
        Math.toIntExact(or(maxLogLine, (long) D.maxLogLineBytes())),
        or(maxTaskLog, D.maxTaskLogBytes()),
        maxTasksPerJob != null ? maxTasksPerJob : D.maxTasksPerJob(),
        maxSequence != null ? maxSequence : D.maxSequence(),
        or(maxWebhookPayload, D.maxWebhookPayloadBytes()),
        maxWait != null ? maxWait : D.maxWait(),
        maxDuration != null ? maxDuration : D.maxDuration(),
        minCronInterval != null ? minCronInterval : D.minCronInterval(),
        Math.toIntExact(or(maxRecord, (long) D.maxRecordBytes())));
  }

  private static long or(Long value, long fallback) {
    return value != null ? value : fallback;
  }

  /** 256k, 1m, 2g, or a number of bytes. */
  static final class Size implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return Quantities.memoryBytes(value)
          .orElseThrow(
              () ->
                  new CommandLine.TypeConversionException(
                      "'" + value + "' is not a size (e.g. 256k, 1m)"));
    }
  }
}
