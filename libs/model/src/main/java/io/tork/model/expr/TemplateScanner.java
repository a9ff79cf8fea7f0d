package io.tork.model.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the {@code {{ expr }}} fields of a string in one linear pass, with the meaning of Tork's
 * {@code \{\{\s*(.+?)\s*}}} (single line, the first {@code }}} closes, white space around the
 * expression dropped) but without a backtracking regex: a hostile field ({@code "{{"} and thousands
 * of spaces, or thousands of {@code "{{"}) costs time in proportion to its length, not its square.
 */
final class TemplateScanner {
  /** One part of a template: text kept as it is, or an expression to evaluate. */
  sealed interface Part {}

  record Text(String text) implements Part {}

  /**
   * @param start where the field begins ({@code {{}) in the template
   * @param end just past its {@code }}}
   */
  record Field(String expression, int start, int end) implements Part {}

  private TemplateScanner() {}

  /** The template's parts, in order; a string without fields is one {@link Text}. */
  static List<Part> parts(String template) {
    List<Part> parts = new ArrayList<>();
    int text = 0; // where the text not yet added begins
    int from = 0; // where to look for the next "{{"
    int close = -1; // the first "}}" after the current "{{"
    int lastSolid = -1; // the last non-space before close
    int lastNewline = -1; // the last '\n' before lastSolid, at or after the region's start
    while (true) {
      int open = template.indexOf("{{", from);
      if (open < 0) {
        break;
      }
      int body = open + 2;
      if (close < body) {
        // Each region [body, close) is looked at once: close only ever moves forward.
        close = template.indexOf("}}", body);
        if (close < 0) {
          break; // no "}}" after this "{{", so none after any later one either
        }
        lastSolid = close - 1;
        while (lastSolid >= body && isSpace(template.charAt(lastSolid))) {
          lastSolid--;
        }
        lastNewline = lastSolid;
        while (lastNewline >= body && template.charAt(lastNewline) != '\n') {
          lastNewline--;
        }
      }
      int first = body;
      while (first < close && isSpace(template.charAt(first))) {
        first++;
      }
      // Not a field here: only spaces inside, or an expression over several lines. As the regex
      // would, look again from the next brace.
      if (first >= close || lastNewline >= first) {
        from = open + 1;
        continue;
      }
      if (open > text) {
        parts.add(new Text(template.substring(text, open)));
      }
      parts.add(new Field(template.substring(first, lastSolid + 1), open, close + 2));
      text = close + 2;
      from = text;
    }
    if (text < template.length() || parts.isEmpty()) {
      parts.add(new Text(template.substring(text)));
    }
    return parts;
  }

  /** Regex {@code \s}: the spaces that may surround an expression. */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  /** The expression when {@code template} is exactly one field (after stripping), else empty. */
  static String whole(String template) {
    String stripped = template.strip();
    List<Part> parts = parts(stripped);
    if (parts.size() == 1
        && parts.getFirst() instanceof Field field
        && field.start() == 0
        && field.end() == stripped.length()) {
      return field.expression();
    }
    return "";
  }
}
