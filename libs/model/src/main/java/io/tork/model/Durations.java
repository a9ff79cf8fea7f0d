package io.tork.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go-style durations, as Tork writes them: {@code 300ms}, {@code 45m}, {@code 1h30m}, {@code 1.5h}.
 * Values are exact and never wrap: one beyond what a {@link Duration} holds (some 292 billion
 * years) reads as the largest duration, which every limit refuses ({@link Limits#maxDuration}).
 */
public final class Durations {
  private static final Pattern WHOLE =
      Pattern.compile("((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h))+");
  private static final Pattern PART =
      Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
  private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);
  private static final BigInteger MAX_SECONDS = BigInteger.valueOf(Long.MAX_VALUE);

  /** The largest duration there is: what a value too large to hold reads as. */
  public static final Duration MAX = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

  private Durations() {}

  /** The duration, or empty when {@code text} is not a Go duration. */
  public static Optional<Duration> parse(String text) {
    if (text.equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    // Bounded before the regex: a document can hold megabytes of digits.
    if (text.length() > 100 || !WHOLE.matcher(text).matches()) {
      return Optional.empty();
    }
    BigDecimal nanos = BigDecimal.ZERO;
    Matcher m = PART.matcher(text);
    while (m.find()) {
      nanos =
          nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
    }
    BigInteger[] split = nanos.toBigInteger().divideAndRemainder(NANOS_PER_SECOND);
    if (split[0].compareTo(MAX_SECONDS) > 0) {
      return Optional.of(MAX);
    }
    return Optional.of(Duration.ofSeconds(split[0].longValueExact(), split[1].longValueExact()));
  }

  /** Go's way of writing a duration, without the zero parts: {@code 10m}, {@code 1h30m}. */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long hours = duration.toHours();
    append(out, hours, "h");
    append(out, duration.toMinutesPart(), "m");
    append(out, duration.toSecondsPart(), "s");
    append(out, duration.toMillisPart(), "ms");
    if (out.isEmpty()) {
      out.append(duration.toNanos()).append("ns");
    }
    return out.toString();
  }

  private static void append(StringBuilder out, long amount, String unit) {
    if (amount > 0) {
      out.append(amount).append(unit);
    }
  }

  private static long unitNanos(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "µs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      default -> throw new IllegalArgumentException("unknown duration unit " + unit);
    };
  }
}
