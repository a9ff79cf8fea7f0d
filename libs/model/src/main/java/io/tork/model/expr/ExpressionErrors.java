package io.tork.model.expr;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.expression.spel.SpelEvaluationException;
import org.springframework.expression.spel.SpelParseException;

/**
 * What went wrong in an expression, in the job language's words: no SpEL message codes, no Java
 * class names, nothing of the engine's insides. Users read these in a 400 or in a task's error.
 */
final class ExpressionErrors {
  private static final Pattern CODE = Pattern.compile("^EL\\d+E:\\s*");
  private static final Pattern QUALIFIED = Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+([A-Z]\\w*)");
  private static final Pattern METHOD = Pattern.compile("(\\w+)\\(([^)]*)\\)");
  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("String", "string"),
          Map.entry("Integer", "integer"),
          Map.entry("int", "integer"),
          Map.entry("Long", "integer"),
          Map.entry("long", "integer"),
          Map.entry("Double", "number"),
          Map.entry("double", "number"),
          Map.entry("Float", "number"),
          Map.entry("BigDecimal", "number"),
          Map.entry("BigInteger", "integer"),
          Map.entry("Boolean", "boolean"),
          Map.entry("boolean", "boolean"),
          Map.entry("Character", "string"),
          Map.entry("ExpressionFunctions", "the functions"));

  private ExpressionErrors() {}

  /** A parse error: what is wrong and where (characters counted from 0). */
  static String ofParse(RuntimeException e) {
    if (e instanceof SpelParseException parse) {
      String position = parse.getPosition() >= 0 ? " at character " + parse.getPosition() : "";
      return plain(parse.getSimpleMessage()) + position;
    }
    return plain(String.valueOf(e.getMessage()));
  }

  /** An evaluation error. */
  static String ofEvaluation(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ExpressionException x && t != e) {
        return x.getMessage();
      }
    }
    if (e instanceof SpelEvaluationException spel) {
      Object[] inserts = spel.getInserts();
      switch (spel.getMessageCode()) {
        case METHOD_NOT_FOUND -> {
          return wrongArguments(inserts.length > 0 ? String.valueOf(inserts[0]) : "");
        }
        case PROPERTY_OR_FIELD_NOT_READABLE_ON_NULL -> {
          return "cannot read '" + inserts[0] + "' of an empty value";
        }
        case PROPERTY_OR_FIELD_NOT_READABLE -> {
          return "'" + inserts[0] + "' cannot be found here (only maps have fields)";
        }
        case INDEXING_NOT_SUPPORTED_FOR_TYPE -> {
          return "only lists and maps can be indexed with [...]";
        }
        default -> {
          return plain(spel.getSimpleMessage());
        }
      }
    }
    return plain(String.valueOf(e.getMessage()));
  }

  /** A known function called with arguments it does not take: {@code len(integer, integer)}. */
  private static String wrongArguments(String signature) {
    Matcher m = METHOD.matcher(signature);
    if (!m.find()) {
      return plain("no function matches " + signature);
    }
    String name = m.group(1);
    if (!ExpressionFunctions.names().contains(name)) {
      return unknownFunction(name);
    }
    String arguments = m.group(2).isBlank() ? "no arguments" : "(" + typeNames(m.group(2)) + ")";
    return name + "() does not take " + arguments;
  }

  static String unknownFunction(String name) {
    return "unknown function '"
        + name
        + "'; the functions are: "
        + String.join(", ", ExpressionFunctions.names());
  }

  private static String typeNames(String javaTypes) {
    StringBuilder out = new StringBuilder();
    for (String type : javaTypes.split(",")) {
      if (!out.isEmpty()) {
        out.append(", ");
      }
      String simple = type.strip().replaceAll(".*\\.", "");
      out.append(TYPES.getOrDefault(simple, typeWord(simple)));
    }
    return out.toString();
  }

  private static String typeWord(String simpleName) {
    String lower = simpleName.toLowerCase(Locale.ROOT);
    if (lower.contains("map")) {
      return "map";
    }
    if (lower.contains("list") || lower.contains("collection") || lower.endsWith("[]")) {
      return "list";
    }
    return "value";
  }

  /** The message without its SpEL code, with any Java type named in the job language's words. */
  static String plain(String message) {
    String text = CODE.matcher(message.strip()).replaceFirst("");
    Matcher m = QUALIFIED.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          out, Matcher.quoteReplacement(TYPES.getOrDefault(m.group(1), typeWord(m.group(1)))));
    }
    m.appendTail(out);
    String result = out.toString();
    return result.isEmpty()
        ? result
        : Character.toLowerCase(result.charAt(0)) + result.substring(1);
  }
}
