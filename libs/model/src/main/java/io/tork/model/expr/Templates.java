package io.tork.model.expr;

import io.tork.model.Sizes;
import io.tork.model.codec.mapping.JsonValues;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionParser;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.ast.Assign;
import org.springframework.expression.spel.ast.BeanReference;
import org.springframework.expression.spel.ast.CompoundExpression;
import org.springframework.expression.spel.ast.ConstructorReference;
import org.springframework.expression.spel.ast.FunctionReference;
import org.springframework.expression.spel.ast.InlineList;
import org.springframework.expression.spel.ast.Literal;
import org.springframework.expression.spel.ast.MethodReference;
import org.springframework.expression.spel.ast.OpMinus;
import org.springframework.expression.spel.ast.StringLiteral;
import org.springframework.expression.spel.ast.TypeReference;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * Tork's templates: every {@code {{ expr }}} in a string is replaced by the value of {@code expr};
 * text around it is kept. Values render as Tork renders them (Go's {@code %v}): {@code true},
 * {@code 42}, {@code [1 2 3]}, {@code map[k:v]}.
 */
public final class Templates {
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
   * job}), within the default {@link Bounds}.
   *
   * @throws ExpressionException naming the expression and what went wrong
   */
  public static String render(String template, Map<String, ?> context) {
    return render(template, context, Bounds.DEFAULT);
  }

  /**
   * Renders {@code template}; a result over {@code bounds.maxBytes()} fails as soon as it is, not
   * once it is built: {@code "{{ tasks.a }}"} a hundred thousand times stops at the limit.
   *
   * @throws ExpressionException naming the expression, or the limit and the size
   */
  public static String render(String template, Map<String, ?> context, Bounds bounds) {
    return render(template, context, bounds, Ambient.system());
  }

  /**
   * As {@link #render(String, Map, Bounds)}, {@code now()} and {@code randomInt()} from {@code
   * ambient}.
   */
  public static String render(
      String template, Map<String, ?> context, Bounds bounds, Ambient ambient) {
    if (!isTemplate(template)) {
      return template;
    }
    ExpressionFunctions root = new ExpressionFunctions(context, bounds, ambient);
    StringBuilder out = new StringBuilder();
    List<TemplateScanner.Part> parts = TemplateScanner.parts(template);
    for (int i = 0; i < parts.size(); i++) {
      switch (parts.get(i)) {
        case TemplateScanner.Text text -> out.append(text.text());
        case TemplateScanner.Field field -> out.append(format(evaluate(field.expression(), root)));
      }
      // A char is at least one byte: more chars than the limit is over it already.
      if (out.length() > bounds.maxBytes() && i < parts.size() - 1) {
        throw bounds.tooLarge(subject(template), "at least " + Sizes.utf8(out) + " bytes");
      }
    }
    long size = Sizes.utf8(out);
    if (size > bounds.maxBytes()) {
      throw bounds.tooLarge(subject(template), size + " bytes");
    }
    return out.toString();
  }

  /** How an error names a template: quoted, and shortened when long. */
  private static String subject(String template) {
    String shown = template.length() > 60 ? template.substring(0, 57) + "..." : template;
    return "the value of '" + shown + "'";
  }

  /**
   * The value of a stand-alone expression (an {@code each.list}): one surrounding {@code {{ }}} is
   * stripped and the rest evaluated, so a list stays a list.
   *
   * @throws ExpressionException naming the expression and what went wrong
   */
  public static @Nullable Object value(String expression, Map<String, ?> context) {
    return value(expression, context, Bounds.DEFAULT);
  }

  /** As {@link #value(String, Map)}, its functions within {@code bounds}. */
  public static @Nullable Object value(String expression, Map<String, ?> context, Bounds bounds) {
    return value(expression, context, bounds, Ambient.system());
  }

  /**
   * As {@link #value(String, Map, Bounds)}, {@code now()} and {@code randomInt()} from {@code
   * ambient}.
   */
  public static @Nullable Object value(
      String expression, Map<String, ?> context, Bounds bounds, Ambient ambient) {
    return evaluate(standAlone(expression), new ExpressionFunctions(context, bounds, ambient));
  }

  /** Checks a stand-alone expression (see {@link #value}) as {@link #check} does. */
  public static void checkValue(String expression) {
    checkExpression(standAlone(expression));
  }

  /**
   * Checks, without evaluating anything, that every expression in {@code template} parses and calls
   * only the functions there are, as functions (not as methods of a value).
   *
   * @throws ExpressionException naming the expression and the problem
   */
  public static void check(String template) {
    if (!isTemplate(template)) {
      return;
    }
    for (TemplateScanner.Part part : TemplateScanner.parts(template)) {
      if (part instanceof TemplateScanner.Field field) {
        checkExpression(field.expression());
      }
    }
  }

  /**
   * How many items a stand-alone expression's list has when the expression alone says so, without
   * evaluating it: {@code sequence(a, b)} of two integers, an inline list {@code {1, 2}}, {@code
   * fromJSON('[...]')} of a literal string. Empty for anything else: that depends on what runs.
   *
   * @throws ExpressionException for a literal {@code sequence()} longer than {@code
   *     bounds.maxSequence()}
   */
  public static OptionalLong literalSize(String expression, Bounds bounds) {
    if (!(parse(standAlone(expression)) instanceof SpelExpression spel)) {
      return OptionalLong.empty();
    }
    SpelNode root = spel.getAST();
    if (root instanceof InlineList list) {
      return OptionalLong.of(list.getChildCount());
    }
    if (!(root instanceof MethodReference call)) {
      return OptionalLong.empty();
    }
    if (call.getName().equals("sequence") && call.getChildCount() == 2) {
      Long start = integer(call.getChild(0));
      Long stop = integer(call.getChild(1));
      if (start == null || stop == null) {
        return OptionalLong.empty();
      }
      long count = Math.max(0, stop - start);
      ExpressionFunctions.checkSequence(start, stop, bounds);
      return OptionalLong.of(count);
    }
    if (call.getName().equals("fromJSON")
        && call.getChildCount() == 1
        && call.getChild(0) instanceof StringLiteral json) {
      try {
        return JsonValues.parse(String.valueOf(json.getLiteralValue().getValue()))
                instanceof List<?> items
            ? OptionalLong.of(items.size())
            : OptionalLong.empty();
      } catch (IllegalArgumentException e) {
        return OptionalLong.empty(); // not JSON: it fails when it runs, saying so
      }
    }
    return OptionalLong.empty();
  }

  private static @Nullable Long integer(SpelNode node) {
    if (node instanceof Literal literal
        && literal.getLiteralValue().getValue() instanceof Number n
        && (n instanceof Integer || n instanceof Long)) {
      return n.longValue();
    }
    if (node instanceof OpMinus minus && minus.getChildCount() == 1) {
      Long value = integer(minus.getChild(0));
      return value == null ? null : -value;
    }
    return null;
  }

  private static String standAlone(String expression) {
    String whole = TemplateScanner.whole(expression);
    return whole.isEmpty() ? expression.strip() : whole;
  }

  private static void checkExpression(String expression) {
    Expression parsed = parse(expression);
    if (parsed instanceof SpelExpression spel) {
      checkCalls(expression, spel.getAST(), true);
    }
  }

  /**
   * Only functions, called on their own: {@code upper(x)}, never {@code x.toUpperCase()}; and none
   * of SpEL's ways out of the sandbox (types, constructors, beans, variables, assignment), which
   * evaluation refuses anyway: here they are refused before a job is accepted.
   */
  private static void checkCalls(String expression, SpelNode node, boolean onRoot) {
    String outside = outsideTheLanguage(node);
    if (!outside.isEmpty()) {
      throw new ExpressionException(
          "invalid expression '" + expression + "': " + outside + " are not part of expressions");
    }
    if (node instanceof MethodReference method) {
      if (!onRoot) {
        throw new ExpressionException(
            "invalid expression '"
                + expression
                + "': "
                + method.getName()
                + "() is called on a value; call functions on their own, e.g. upper(x)");
      }
      if (!ExpressionFunctions.names().contains(method.getName())) {
        throw new ExpressionException(
            "invalid expression '"
                + expression
                + "': "
                + ExpressionErrors.unknownFunction(method.getName()));
      }
    }
    boolean compound = node instanceof CompoundExpression;
    for (int i = 0; i < node.getChildCount(); i++) {
      // In a.b(), only the first step of the chain is called on the root.
      checkCalls(expression, node.getChild(i), !compound || i == 0);
    }
  }

  private static String outsideTheLanguage(SpelNode node) {
    return switch (node) {
      case TypeReference t -> "types (T(...))";
      case ConstructorReference c -> "constructors (new ...)";
      case BeanReference b -> "bean references (@...)";
      case VariableReference v -> "variables (#...)";
      case Assign a -> "assignments (=)";
      case FunctionReference f -> "variables (#...)";
      default -> "";
    };
  }

  private static @Nullable Object evaluate(String expression, ExpressionFunctions root) {
    Expression parsed = parse(expression);
    try {
      return parsed.getValue(SandboxedContext.of(root));
    } catch (ExpressionException e) {
      throw new ExpressionException("error evaluating '" + expression + "': " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new ExpressionException(
          "error evaluating '" + expression + "': " + ExpressionErrors.ofEvaluation(e), e);
    } catch (StackOverflowError e) {
      throw new ExpressionException(
          "error evaluating '" + expression + "': nested too deeply to evaluate", e);
    }
  }

  private static Expression parse(String expression) {
    try {
      return PARSER.parseExpression(expression);
    } catch (RuntimeException e) {
      throw new ExpressionException(
          "invalid expression '" + expression + "': " + ExpressionErrors.ofParse(e), e);
    } catch (StackOverflowError e) {
      throw new ExpressionException(
          "invalid expression '" + expression + "': nested too deeply to read", e);
    }
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
