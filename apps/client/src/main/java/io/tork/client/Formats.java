package io.tork.client;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** How the client writes times, durations and progress for people. */
final class Formats {
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());
  private static final int BAR = 20;

  private Formats() {}

  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? "" : value.asString();
  }

  static Instant instant(JsonNode node, String field) {
    String value = text(node, field);
    if (value.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static String time(JsonNode node, String field) {
    Instant at = instant(node, field);
    return at == null ? "" : LOCAL.format(at);
  }

  /** When a job or task ended: completed or failed (a cancelled one has neither). */
  static Instant ended(JsonNode node) {
    Instant completed = instant(node, "completedAt");
    return completed != null ? completed : instant(node, "failedAt");
  }

  static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    long s = ms / 1000;
    if (s < 3600) {
      return (s / 60) + "m " + (s % 60) + "s";
    }
    return (s / 3600) + "h " + (s % 3600 / 60) + "m";
  }

  /** How long it ran: start to end, or to now while it runs; empty before it started. */
  static String runtime(JsonNode node) {
    Instant started = instant(node, "startedAt");
    if (started == null) {
      return "";
    }
    Instant end = ended(node);
    return duration(Duration.between(started, end == null ? Instant.now() : end));
  }

  /** {@code [#######.............] 35%} */
  static String bar(double percent) {
    double p = Math.max(0, Math.min(100, percent));
    int filled = (int) Math.round(p / 100 * BAR);
    return "["
        + "#".repeat(filled)
        + ".".repeat(BAR - filled)
        + "] "
        + String.format(Locale.ROOT, "%3.0f%%", p);
  }

  /** {@code [#########...........] 3/7} */
  static String bar(int done, int total) {
    int filled = total <= 0 ? 0 : (int) Math.round((double) done / total * BAR);
    return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + done + "/" + total;
  }
}
