package io.tork.model.expr;

import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionParser;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * Tork's templates: every {@code {{ expr }}} in a string is replaced by the value of {@code expr};
 * text around it is kept. Values render as Tork renders them (Go's {@code %v}): {@code true},
 * {@code 42}, {@code [1 2 3]}, {@code map[k:v]}.
 */
public final class Templates {
  private static final Pattern TEMPLATE = Pattern.compile("\\{\\{\\s*(.+?)\\s*}}");
  private static final int MAX_EXPRESSION_LENGTH = 1000;
  private static final ExpressionParser PARSER =
      new SpelExpressionParser(new SpelParserConfiguration(false, false, MAX_EXPRESSION_LENGTH));

  private Templates() {}

  /** Whether {@code text} contains a template at all (most values do not). */
  public static boolean isTemplate(String text) {
    return text.contains("{{");
  }

  /**
   * Renders {@code template} against {@code context} (e.g. {@code inputs}, {@code tasks}, {@code
   * job}).
   *
   * @throws ExpressionException naming the expression and what went wrong
   */
  public static String render(String template, Map<String, ?> context) {
    if (!isTemplate(template)) {
      return template;
    }
    ExpressionFunctions root = new ExpressionFunctions(context);
    Matcher m = TEMPLATE.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(format(evaluate(m.group(1), root))));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * The value of a stand-alone expression (an {@code each.list}): one surrounding {@code {{ }}} is
   * stripped and the rest evaluated, so a list stays a list.
   *
   * @throws ExpressionException naming the expression and what went wrong
   */
  public static @Nullable Object value(String expression, Map<String, ?> context) {
    String stripped = expression.strip();
    Matcher m = TEMPLATE.matcher(stripped);
    if (m.matches()) {
      stripped = m.group(1);
    }
    return evaluate(stripped, new ExpressionFunctions(context));
  }

  /** Checks that a stand-alone expression parses (see {@link #value}). */
  public static void checkValue(String expression) {
    Matcher m = TEMPLATE.matcher(expression.strip());
    parse(m.matches() ? m.group(1) : expression.strip());
  }

  /** Checks that every expression in {@code template} parses, without evaluating anything. */
  public static void check(String template) {
    Matcher m = TEMPLATE.matcher(template);
    while (m.find()) {
      parse(m.group(1));
    }
  }

  private static @Nullable Object evaluate(String expression, ExpressionFunctions root) {
    Expression parsed = parse(expression);
    try {
      return parsed.getValue(SandboxedContext.of(root));
    } catch (ExpressionException e) {
      throw new ExpressionException("error evaluating '" + expression + "': " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new ExpressionException("error evaluating '" + expression + "': " + rootMessage(e), e);
    }
  }

  private static Expression parse(String expression) {
    try {
      return PARSER.parseExpression(expression);
    } catch (RuntimeException e) {
      throw new ExpressionException(
          "invalid expression '" + expression + "': " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      if (cause.getCause() instanceof ExpressionException x) {
        return x.getMessage();
      }
      cause = cause.getCause();
    }
    return String.valueOf(e.getMessage());
  }

  /** Go's {@code %v}, the way Tork shows values. */
  static String format(@Nullable Object value) {
    return switch (value) {
      case null -> "";
      case Double d when d == Math.rint(d) && !Double.isInfinite(d) ->
          String.valueOf(d.longValue());
      case Float f when f == Math.rint(f) && !Float.isInfinite(f) -> String.valueOf(f.longValue());
      case Collection<?> c ->
          c.stream().map(Templates::format).collect(Collectors.joining(" ", "[", "]"));
      case Map<?, ?> m ->
          m.entrySet().stream()
              .map(e -> format(e.getKey()) + ":" + format(e.getValue()))
              .collect(Collectors.joining(" ", "map[", "]"));
      default -> String.valueOf(value);
    };
  }
}
