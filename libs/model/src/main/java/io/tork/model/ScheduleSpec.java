package io.tork.model;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.support.CronExpression;

/**
 * {@code schedule: {cron: "*\/5 * * * *", timezone: Europe/Paris}}: a 5-field cron (minute, hour,
 * day of month, month, day of week), or 6 fields with seconds first, or a macro such as
 * {@code @hourly}; evaluated in UTC unless a time zone is given.
 */
public record ScheduleSpec(String cron, String timezone) {
  public ScheduleSpec(@Nullable String cron, @Nullable String timezone) {
    this.cron = Strings.orEmpty(cron).strip();
    this.timezone = Strings.orEmpty(timezone).strip();
  }

  /** Why this schedule cannot be used; empty when it can. */
  public Optional<String> problem() {
    if (cron.isEmpty()) {
      return Optional.of("cron: is required");
    }
    try {
      expression();
    } catch (IllegalArgumentException e) {
      return Optional.of("cron: '" + cron + "' is not a cron expression: " + e.getMessage());
    }
    try {
      zone();
    } catch (DateTimeException e) {
      return Optional.of("timezone: '" + timezone + "' is not a time zone");
    }
    return Optional.empty();
  }

  /** The first tick strictly after {@code after}; empty when there is none. */
  public Optional<Instant> next(Instant after) {
    ZonedDateTime next = expression().next(after.atZone(zone()));
    return Optional.ofNullable(next).map(ZonedDateTime::toInstant);
  }

  /**
   * The shortest time between two consecutive ticks, looking at the first 1,000 ticks after {@code
   * from} and at 1,000 around the next midnight (the fields of a cron repeat daily; a pair of ticks
   * close only across midnight shows there), and no further once one is shorter than {@code floor};
   * empty for a schedule with fewer than two ticks or a zero floor. Costs some 50 ms at most: it
   * runs at submission.
   */
  public Optional<Duration> shortestInterval(Instant from, Duration floor) {
    if (floor.isZero() || floor.isNegative()) {
      return Optional.empty();
    }
    CronExpression expression = expression();
    ZonedDateTime start = from.atZone(zone());
    ZonedDateTime midnight = start.toLocalDate().plusDays(1).atStartOfDay(start.getZone());
    Duration shortest = shortest(expression, start, floor, null);
    return Optional.ofNullable(shortest(expression, midnight.minusMinutes(10), floor, shortest));
  }

  private static Duration shortest(
      CronExpression expression, ZonedDateTime from, Duration floor, Duration known) {
    Duration shortest = known;
    ZonedDateTime previous = expression.next(from);
    for (int i = 0; previous != null && i < 1000; i++) {
      if (shortest != null && shortest.compareTo(floor) < 0) {
        break;
      }
      ZonedDateTime tick = expression.next(previous);
      if (tick == null) {
        break;
      }
      Duration gap = Duration.between(previous, tick);
      if (shortest == null || gap.compareTo(shortest) < 0) {
        shortest = gap;
      }
      previous = tick;
    }
    return shortest;
  }

  private CronExpression expression() {
    String expression =
        cron.startsWith("@") ? cron : cron.split("\\s+").length == 5 ? "0 " + cron : cron;
    return CronExpression.parse(expression);
  }

  /** The zone the cron is evaluated in: the given one, else UTC. */
  public ZoneId zone() {
    return timezone.isEmpty() ? ZoneOffset.UTC : ZoneId.of(timezone);
  }
}
