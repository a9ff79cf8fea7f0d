package io.tork.model.expr;

import java.util.Collection;
import java.util.Map;
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
import org.springframework.expression.spel.ast.MethodReference;
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
   * job}).
   *
   * @throws ExpressionException naming the expression and what went wrong
   */
  public static String render(String template, Map<String, ?> context) {
    if (!isTemplate(template)) {
      return template;
    }
    ExpressionFunctions root = new ExpressionFunctions(context);
    StringBuilder out = new StringBuilder();
    for (TemplateScanner.Part part : TemplateScanner.parts(template)) {
      switch (part) {
        case TemplateScanner.Text text -> out.append(text.text());
        case TemplateScanner.Field field -> out.append(format(evaluate(field.expression(), root)));
      }
    }
    return out.toString();
  }

  /**
   * The value of a stand-alone expression (an {@code each.list}): one surrounding {@code {{ }}} is
   * stripped and the rest evaluated, so a list stays a list.
   *
   * @throws ExpressionException naming the expression and what went wrong
   */
  public static @Nullable Object value(String expression, Map<String, ?> context) {
    return evaluate(standAlone(expression), new ExpressionFunctions(context));
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
