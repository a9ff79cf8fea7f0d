package io.tork.model;

import java.time.Duration;
import java.util.Map;

/**
 * Every size the engine bounds, in one place: what a job author can make the engine hold, write or
 * send. Each has a flag (named in {@link #FLAGS}) and a default; {@code docs/guarantees.md} and the
 * README show the table. Over a limit is a 400 at submission where it can be known then, else the
 * task or job FAILED with {@link #exceeded}'s message. The Kafka topics are created with a {@code
 * max.message.bytes} of {@link #maxRecordBytes}, which every record the engine writes stays under:
 * the other limits are chosen so that it can, and the scheduler checks before it writes.
 *
 * @param maxBodyBytes a request body (413 over it); Tork accepts documents up to 500 KB
 * @param maxResultBytes what a task writes to {@code $TORK_OUTPUT}
 * @param maxErrorBytes a task's error text (the tail of its output, or the reason)
 * @param maxValueBytes one rendered template or expression value
 * @param maxJobResultBytes a job's {@code result} (its rendered {@code output})
 * @param maxLogLineBytes a log line; longer ones are split into lines of this size
 * @param maxTaskLogBytes all the log lines of one task; past it, one line says how much was dropped
 * @param maxTasksPerJob task records a job may plan: each list length, parallel width, children
 * @param maxSequence the length of a {@code sequence()} list
 * @param maxWebhookPayloadBytes one webhook's body
 * @param maxWait {@code wait.timeout}
 * @param maxDuration any duration in a document ({@code timeout}, {@code autoDelete.after})
 * @param minCronInterval the shortest interval between two ticks of a schedule
 * @param maxRecordBytes the largest record the engine writes to Kafka (its topics' maximum)
 */
public record Limits(
    long maxBodyBytes,
    long maxResultBytes,
    long maxErrorBytes,
    long maxValueBytes,
    long maxJobResultBytes,
    int maxLogLineBytes,
    long maxTaskLogBytes,
    int maxTasksPerJob,
    int maxSequence,
    long maxWebhookPayloadBytes,
    Duration maxWait,
    Duration maxDuration,
    Duration minCronInterval,
    int maxRecordBytes) {

  private static final long KIB = 1024;
  private static final long MIB = 1024 * KIB;

  public static final Limits DEFAULTS =
      new Limits(
          MIB,
          256 * KIB,
          16 * KIB,
          256 * KIB,
          256 * KIB,
          64 * 1024,
          64 * MIB,
          100_000,
          100_000,
          256 * KIB,
          Duration.ofMinutes(10),
          Duration.ofDays(366),
          Duration.ofSeconds(10),
          8 * 1024 * 1024);

  /** The flag that raises each limit, by component name (shared by every command that has it). */
  public static final Map<String, String> FLAGS =
      Map.ofEntries(
          Map.entry("maxBodyBytes", "--max-body-size"),
          Map.entry("maxResultBytes", "--max-result-size"),
          Map.entry("maxErrorBytes", "--max-error-size"),
          Map.entry("maxValueBytes", "--max-value-size"),
          Map.entry("maxJobResultBytes", "--max-job-result-size"),
          Map.entry("maxLogLineBytes", "--max-log-line"),
          Map.entry("maxTaskLogBytes", "--max-task-log"),
          Map.entry("maxTasksPerJob", "--max-tasks-per-job"),
          Map.entry("maxSequence", "--max-sequence"),
          Map.entry("maxWebhookPayloadBytes", "--max-webhook-payload"),
          Map.entry("maxWait", "--max-wait"),
          Map.entry("maxDuration", "--max-duration"),
          Map.entry("minCronInterval", "--min-cron-interval"),
          Map.entry("maxRecordBytes", "--max-record-size"));

  public Limits {
    if (maxBodyBytes < 512 * KIB) {
      throw new IllegalArgumentException("the body limit must be at least 512 KiB");
    }
    if (maxTasksPerJob < 1 || maxSequence < 1 || maxLogLineBytes < 1024) {
      throw new IllegalArgumentException("limits must allow at least one task and 1 KiB lines");
    }
    // Each of these goes whole into a record, as JSON, where a byte takes at most 6 (\u0001);
    // a document goes as it is. Records stay under maxRecordBytes only if these fit in it.
    long largestValue =
        Math.max(
            Math.max(maxResultBytes, maxErrorBytes),
            Math.max(Math.max(maxValueBytes, maxJobResultBytes), maxWebhookPayloadBytes));
    if (maxRecordBytes < maxBodyBytes || maxRecordBytes < 6 * largestValue) {
      throw new IllegalArgumentException(
          "--max-record-size ("
              + maxRecordBytes
              + ") must be at least --max-body-size ("
              + maxBodyBytes
              + ") and 6 times the largest of --max-result-size, --max-error-size,"
              + " --max-value-size, --max-job-result-size and --max-webhook-payload ("
              + largestValue
              + "): each goes whole into a record");
    }
  }

  /**
   * The error for a value over a limit: what, how large, the limit and the flag that raises it,
   * e.g. {@code "task output is 600000 bytes, over the limit of 262144 (--max-result-size)"}.
   */
  public static String exceeded(String what, long size, long limit, String limitName) {
    return exceeded(what, size + " bytes", String.valueOf(limit), limitName);
  }

  /**
   * The same error for any amount: a count ({@code "each.list is 150000 items, over the limit of
   * 100000 (--max-tasks-per-job)"}), a duration, or a size known only from below ({@code "at least
   * 300000 bytes"}).
   */
  public static String exceeded(String what, String amount, String limit, String limitName) {
    return what + " is " + amount + ", over the limit of " + limit + " (" + flag(limitName) + ")";
  }

  /** The flag that raises the limit named {@code limitName} (a component name). */
  public static String flag(String limitName) {
    return FLAGS.getOrDefault(limitName, limitName);
  }
}
