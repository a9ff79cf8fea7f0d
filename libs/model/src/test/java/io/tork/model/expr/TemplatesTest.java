package io.tork.model.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplatesTest {
  private static final Map<String, Object> CONTEXT =
      Map.of(
          "inputs", Map.of("run", "true", "message", "hello world", "lines", "a,b"),
          "tasks", Map.of("task1", "world"),
          "job", Map.of("id", "j1", "name", "hello job"));

  private static String render(String template) {
    return Templates.render(template, CONTEXT);
  }

  @Test
  void theSeedsExamplesRenderAsWritten() {
    assertThat(render("{{ inputs.run == 'true' }}")).isEqualTo("true");
    assertThat(render("{{inputs.message}}")).isEqualTo("hello world");
    assertThat(render("{{ inputs['message'] }}")).isEqualTo("hello world");
    assertThat(render("{{len(\"hello world\")}}")).isEqualTo("11");
    assertThat(render("{{ tasks.task1 }}")).isEqualTo("world");
    assertThat(render("{{ randomInt() }}")).matches("\\d+");
  }

  @Test
  void textAroundTemplatesIsKept() {
    assertThat(render("hello {{ tasks.task1 }}!")).isEqualTo("hello world!");
    assertThat(render("{{ job.name }}/{{ job.id }}")).isEqualTo("hello job/j1");
    assertThat(render("no templates")).isEqualTo("no templates");
  }

  @Test
  void helpersWorkAndRenderLikeTork() {
    assertThat(render("{{ sequence(1, 4) }}")).isEqualTo("[1 2 3]");
    assertThat(render("{{ sequence(3, 1) }}")).isEqualTo("[]");
    assertThat(render("{{ split(inputs.lines, ',') }}")).isEqualTo("[a b]");
    assertThat(render("{{ upper('abc') }}")).isEqualTo("ABC");
    assertThat(render("{{ randomInt(1) }}")).isEqualTo("0");
    assertThat(render("{{ 1 == 1 }}")).isEqualTo("true");
    assertThat(render("{{ contains(inputs.message, 'world') }}")).isEqualTo("true");
    assertThat(render("{{ fromJSON('[1,2,3]') }}")).isEqualTo("[1 2 3]");
    assertThat(render("{{ fromJSON('{\"a\":\"b\"}')['a'] }}")).isEqualTo("b");
    assertThat(render("{{ len(fromJSON('[1,2,3]')) }}")).isEqualTo("3");
    assertThat(render("{{ toJSON(split('a,b', ',')) }}")).contains("\"a\"").contains("\"b\"");
    assertThat(render("{{ now() }}")).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
  }

  @Test
  void aMissingKeyRendersEmptyButAnUnknownNameFails() {
    assertThat(render("{{ inputs.nope }}")).isEmpty();
    assertThat(render("{{ inputs.class }}")).as("a map key, not reflection").isEmpty();
    assertThatThrownBy(() -> render("{{ foo }}"))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("unknown name foo");
  }

  @Test
  void aSyntaxErrorIsReportedByCheck() {
    assertThatThrownBy(() -> Templates.check("{{ 1 + }}"))
        .isInstanceOf(ExpressionException.class)
        .hasMessageStartingWith("invalid expression '1 +'");
  }

  /** Expressions come from untrusted users: none of these may reach Java types or I/O. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{{ T(java.lang.Runtime).getRuntime().exec('id') }}",
        "{{ T(java.lang.System).exit(1) }}",
        "{{ T(java.lang.System).getenv() }}",
        "{{ ''.getClass().forName('java.lang.System') }}",
        "{{ ''.getClass() }}",
        "{{ 'abc'.toUpperCase() }}",
        "{{ new java.io.File('/') }}",
        "{{ new java.lang.ProcessBuilder('id').start() }}",
        "{{ new String('x') }}",
        "{{ @systemProperties }}",
        "{{ @environment }}",
        "{{ #this.getClass() }}",
        "{{ #root.getClass() }}",
        "{{ #root.context() }}",
        "{{ context() }}",
        "{{ getClass() }}",
        "{{ inputs.getClass() }}",
        "{{ inputs.run = 'x' }}",
        "{{ #x = 1 }}",
        "{{ tasks.task1.length() }}",
        "{{ T(java.nio.file.Files).readAllLines(T(java.nio.file.Path).of('/etc/passwd')) }}",
        "{{ new java.net.URL('http://127.0.0.1').openStream() }}",
        "{{ len.getClass() }}",
        "{{ randomInt().getClass() }}",
        "{{ sequence(1,2).getClass() }}",
        "{{ hashCode() }}",
        "{{ toString() }}",
        "{{ wait() }}",
      })
  void injectionAttemptsFailWithoutExecutingAnything(String template) {
    assertThatThrownBy(() -> render(template)).isInstanceOf(ExpressionException.class);
  }

  @Test
  void evaluationHasNoSideEffectsOnTheContext() {
    var inputs = new java.util.HashMap<String, String>(Map.of("a", "1"));
    assertThatThrownBy(() -> Templates.render("{{ inputs.a = '2' }}", Map.of("inputs", inputs)))
        .isInstanceOf(ExpressionException.class);
    assertThat(inputs).containsEntry("a", "1");
    assertThatThrownBy(() -> Templates.render("{{ inputs.a }}", Map.of("inputs", List.of())))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("'a' cannot be found");
  }

  @Test
  void anUnknownFunctionIsRefusedBeforeAnythingRunsNamingTheFunctions() {
    assertThatThrownBy(() -> Templates.check("x {{ nope(1) }}"))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("unknown function 'nope'")
        .hasMessageContaining("the functions are: contains, fromJSON,")
        .hasMessageContaining("upper");
    assertThatThrownBy(() -> Templates.checkValue("{{ sequences(1, 2) }}"))
        .hasMessageContaining("unknown function 'sequences'");
  }

  @Test
  void waysOutOfTheSandboxAreRefusedAtCheck() {
    for (String template :
        List.of(
            "{{ T(java.lang.System).exit(1) }}",
            "{{ new java.io.File('/') }}",
            "{{ @environment }}",
            "{{ #root }}",
            "{{ inputs.a = 'x' }}")) {
      assertThatThrownBy(() -> Templates.check(template))
          .as(template)
          .isInstanceOf(ExpressionException.class)
          .hasMessageContaining("are not part of expressions");
    }
  }

  @Test
  void methodsOfValuesAreRefusedAtCheck() {
    assertThatThrownBy(() -> Templates.check("{{ 'abc'.toUpperCase() }}"))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("toUpperCase() is called on a value");
    assertThatThrownBy(() -> Templates.check("{{ inputs.getClass() }}"))
        .hasMessageContaining("getClass() is called on a value");
    Templates.check("{{ fromJSON(inputs.x)['a'] }} {{ len(split(inputs.y, ',')) }}");
  }

  /** No SpEL codes, no Java class names: users see the job language only. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{{ 1 + }}",
        "{{ len(1, 2) }}",
        "{{ upper() }}",
        "{{ inputs.message.x.y }}",
        "{{ inputs.nope.x }}",
        "{{ 1 / 0 }}",
        "{{ toInt('x') }}",
        "{{ tasks.task1[5] }}",
        "{{ 'a' * 'b' }}",
        "{{ (((((((((( }}",
        "{{ T(java.lang.Runtime) }}",
        "{{ fromJSON('[1') }}",
      })
  void errorsSpeakTheJobLanguage(String template) {
    String expression = template.substring(2, template.length() - 2).strip();
    assertThatThrownBy(() -> render(template))
        .isInstanceOf(ExpressionException.class)
        .satisfies(
            e ->
                assertThat(e.getMessage().replace("'" + expression + "'", "'...'"))
                    .doesNotContainPattern("EL\\d{4}E")
                    .doesNotContain("java.")
                    .doesNotContain("io.tork")
                    .doesNotContain("springframework")
                    .doesNotContain("Exception"));
  }

  @Test
  void aDeeplyNestedExpressionFailsItsTaskNotTheEngine() {
    String deep = "{{ " + "(".repeat(400) + "1" + ")".repeat(400) + " }}";
    String longer = "{{ " + "len(".repeat(30_000) + "'x'" + ")".repeat(30_000) + " }}";
    for (String template : List.of(deep, longer)) {
      try {
        render(template);
      } catch (ExpressionException e) {
        assertThat(e.getMessage()).doesNotContain("Exception");
      }
    }
  }
}
