package io.tork.model.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TemplateScannerTest {
  /** Tork's template regex: what the scanner must mean, without its backtracking. */
  private static final Pattern TORK = Pattern.compile("\\{\\{\\s*(.+?)\\s*}}");

  private static List<String> viaRegex(String template) {
    List<String> out = new ArrayList<>();
    Matcher m = TORK.matcher(template);
    while (m.find()) {
      if (!m.group(1).isBlank()) {
        out.add(m.group(1).strip());
      }
    }
    return out;
  }

  private static List<String> viaScanner(String template) {
    return TemplateScanner.parts(template).stream()
        .filter(p -> p instanceof TemplateScanner.Field)
        .map(p -> ((TemplateScanner.Field) p).expression())
        .toList();
  }

  @Test
  void findsTheSameFieldsAsToksRegexOnManyStrings() {
    Random random = new Random(42);
    char[] alphabet = {'{', '}', ' ', 'a', 'b', '\n', '\t'};
    for (int n = 0; n < 200_000; n++) {
      StringBuilder s = new StringBuilder();
      for (int i = random.nextInt(14); i > 0; i--) {
        s.append(alphabet[random.nextInt(alphabet.length)]);
      }
      String template = s.toString();
      List<String> expected = viaRegex(template);
      // The regex can take a lone space as the expression ({{ }}} reads " }"...): only compare
      // where it found real expressions, which is what a template means.
      if (expected.stream().allMatch(e -> !e.contains("}") && !e.contains("{"))) {
        assertThat(viaScanner(template)).as("'%s'", template).isEqualTo(expected);
      }
    }
  }

  @Test
  void textAndFieldsAlternateAndRebuildTheTemplate() {
    List<TemplateScanner.Part> parts = TemplateScanner.parts("a {{ x }} b {{y}}");
    assertThat(parts)
        .containsExactly(
            new TemplateScanner.Text("a "),
            new TemplateScanner.Field("x", 2, 9),
            new TemplateScanner.Text(" b "),
            new TemplateScanner.Field("y", 12, 17));
    assertThat(TemplateScanner.parts("plain")).containsExactly(new TemplateScanner.Text("plain"));
    assertThat(TemplateScanner.parts("")).containsExactly(new TemplateScanner.Text(""));
  }

  @Test
  void aWholeFieldIsAStandAloneExpression() {
    assertThat(TemplateScanner.whole("  {{ sequence(1, 3) }} ")).isEqualTo("sequence(1, 3)");
    assertThat(TemplateScanner.whole("x {{ a }}")).isEmpty();
    assertThat(TemplateScanner.whole("{{ a }}{{ b }}")).isEmpty();
  }

  @Test
  void hostileFieldsCostLinearTime() {
    // These took seconds with the regex (it backtracks over every space for every "{{").
    String spaces = "{{" + " ".repeat(200_000);
    String braces = "{{".repeat(200_000);
    String unclosed = "{{ a ".repeat(100_000);
    for (String hostile : List.of(spaces, braces, unclosed)) {
      assertThat(viaScanner(hostile)).isEmpty();
    }
    assertThat(viaScanner("{{ a }}".repeat(50_000))).hasSize(50_000);
  }
}
