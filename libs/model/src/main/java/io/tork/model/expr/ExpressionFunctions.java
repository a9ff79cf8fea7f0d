package io.tork.model.expr;

import io.tork.model.Limits;
import io.tork.model.Sizes;
import io.tork.model.codec.mapping.JsonValues;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The functions an expression may call, and the only methods it may call at all: the root of every
 * evaluation. Its public getters expose the context ({@code inputs}, {@code tasks}, ...).
 */
public final class ExpressionFunctions {
  /**
   * The functions' names, sorted: the public instance methods declared here (Object's methods,
   * getClass or hashCode, are not functions, nor is anything static or non-public).
   */
  private static final List<String> NAMES =
      Arrays.stream(ExpressionFunctions.class.getDeclaredMethods())
          .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
          .map(Method::getName)
          .distinct()
          .sorted(String.CASE_INSENSITIVE_ORDER)
          .toList();

  private final Map<String, ?> context;
  private final Bounds bounds;
  private final Ambient ambient;

  ExpressionFunctions(Map<String, ?> context, Bounds bounds, Ambient ambient) {
    this.context = context;
    this.bounds = bounds;
    this.ambient = ambient;
  }

  Map<String, ?> context() {
    return context;
  }

  /** The names an expression may call, sorted. */
  static List<String> names() {
    return NAMES;
  }

  /** Length of a string (in characters), a list or a map. */
  public int len(@Nullable Object value) {
    return switch (value) {
      case null -> 0;
      case String s -> s.codePointCount(0, s.length());
      case Collection<?> c -> c.size();
      case Map<?, ?> m -> m.size();
      default -> throw new ExpressionException("len() takes a string, a list or a map");
    };
  }

  /** A random non-negative int, drawn from the {@link Ambient}. */
  public int randomInt() {
    return ambient.nextInt(Integer.MAX_VALUE);
  }

  /** A random int in [0, max). */
  public int randomInt(int max) {
    if (max <= 0) {
      throw new ExpressionException("randomInt(max) needs max > 0");
    }
    return ambient.nextInt(max);
  }

  /**
   * The ints from {@code start} up to, not including, {@code stop} (empty when start > stop), at
   * most {@link Bounds#maxSequence} of them.
   */
  public List<Integer> sequence(int start, int stop) {
    checkSequence(start, stop, bounds);
    List<Integer> out = new ArrayList<>(Math.max(0, stop - start));
    for (int i = start; i < stop; i++) {
      out.add(i);
    }
    return out;
  }

  /** Refuses a {@code sequence(start, stop)} longer than the bounds allow, before building it. */
  static void checkSequence(long start, long stop, Bounds bounds) {
    long count = Math.max(0, stop - start);
    if (count > bounds.maxSequence()) {
      throw new ExpressionException(
          Limits.exceeded(
              "sequence(" + start + ", " + stop + ")",
              count + " items",
              String.valueOf(bounds.maxSequence()),
              "maxSequence"));
    }
  }

  public List<String> split(String text, String separator) {
    return Arrays.asList(text.split(java.util.regex.Pattern.quote(separator), -1));
  }

  /** The items joined; a result over the bounds fails before it is built. */
  public String join(List<?> items, String separator) {
    List<String> parts = items.stream().map(Templates::format).toList();
    long length = (long) separator.length() * Math.max(0, parts.size() - 1);
    for (String part : parts) {
      length += part.length();
    }
    fits("join()", length);
    return String.join(separator, parts);
  }

  /** A result of {@code chars} characters (at least as many bytes) may be built. */
  private void fits(String what, long chars) {
    if (chars > bounds.maxBytes()) {
      throw bounds.tooLarge("the value of " + what, "at least " + chars + " bytes");
    }
  }

  public boolean contains(Object haystack, Object needle) {
    return switch (haystack) {
      case String s -> s.contains(String.valueOf(needle));
      case Collection<?> c -> c.contains(needle);
      case Map<?, ?> m -> m.containsKey(needle);
      default -> false;
    };
  }

  public String trim(String text) {
    return text.strip();
  }

  public String upper(String text) {
    return text.toUpperCase(Locale.ROOT);
  }

  public String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }

  public boolean hasPrefix(String text, String prefix) {
    return text.startsWith(prefix);
  }

  public boolean hasSuffix(String text, String suffix) {
    return text.endsWith(suffix);
  }

  /** Every {@code from} replaced; a result over the bounds fails before it is built. */
  public String replace(String text, String from, String to) {
    if (!from.isEmpty() && to.length() > from.length()) {
      long count = 0;
      for (int at = text.indexOf(from); at >= 0; at = text.indexOf(from, at + from.length())) {
        count++;
      }
      fits("replace()", text.length() + count * (to.length() - from.length()));
    } else if (from.isEmpty()) {
      fits("replace()", text.length() + (long) (text.length() + 1) * to.length());
    }
    return text.replace(from, to);
  }

  public String string(@Nullable Object value) {
    return Templates.format(value);
  }

  /** Parses JSON into lists, maps, strings, numbers and booleans. */
  public @Nullable Object fromJSON(String json) {
    try {
      return JsonValues.parse(json);
    } catch (IllegalArgumentException e) {
      throw new ExpressionException("fromJSON(): " + e.getMessage());
    }
  }

  /** Pretty-printed JSON of a value. */
  public String toJSON(@Nullable Object value) {
    fits("toJSON()", Sizes.json(value));
    return JsonValues.pretty(value);
  }

  /** The {@link Ambient}'s time, ISO-8601 in UTC (e.g. {@code 2026-01-01T12:00:00Z}). */
  public String now() {
    return ambient.now().toString();
  }

  public int toInt(String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new ExpressionException("int(): '" + text + "' is not an integer");
    }
  }
}
