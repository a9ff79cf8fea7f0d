package io.tork.model;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Docker's units for limits: CPUs as a positive decimal, memory as bytes with b/k/m/g. */
public final class Quantities {
  private static final Pattern MEMORY = Pattern.compile("(\\d+)([bkmg]?)b?");

  private Quantities() {}

  /** Nano-CPUs (1 CPU = 1e9), or empty when {@code text} is not a positive decimal. */
  public static Optional<Long> nanoCpus(String text) {
    try {
      BigDecimal cpus = new BigDecimal(text.trim());
      if (cpus.signum() <= 0) {
        return Optional.empty();
      }
      return Optional.of(cpus.movePointRight(9).longValue()).filter(n -> n > 0);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Bytes, or empty when {@code text} is not a positive integer with an optional b/k/m/g. */
  public static Optional<Long> memoryBytes(String text) {
    Matcher m = MEMORY.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return Optional.empty();
    }
    long value;
    try {
      value = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    long unit =
        switch (m.group(2)) {
          case "k" -> 1L << 10;
          case "m" -> 1L << 20;
          case "g" -> 1L << 30;
          default -> 1L;
        };
    return value > 0 ? Optional.of(value * unit) : Optional.empty();
  }
}
