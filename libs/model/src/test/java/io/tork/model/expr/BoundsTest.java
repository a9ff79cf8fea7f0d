package io.tork.model.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an expression makes is bounded while it is made, not after. */
class BoundsTest {
  private static final Bounds SMALL = new Bounds(1000, "maxValueBytes", 50);
  private static final Map<String, Object> CONTEXT =
      Map.of("tasks", Map.of("a", "x".repeat(400), "big", "y".repeat(100_000)));

  @Test
  void aRenderedTemplateOverTheLimitFailsNamingTheLimitAndTheFlag() {
    assertThat(Templates.render("{{ tasks.a }}{{ tasks.a }}", CONTEXT, SMALL)).hasSize(800);
    assertThatThrownBy(
            () -> Templates.render("{{ tasks.a }}{{ tasks.a }}{{ tasks.a }}", CONTEXT, SMALL))
        .isInstanceOf(ExpressionException.class)
        .hasMessage(
            "the value of '{{ tasks.a }}{{ tasks.a }}{{ tasks.a }}' is 1200 bytes, over the"
                + " limit of 1000 (--max-value-size)");
    // A hundred thousand copies stop at the first one over: no 40 GB string first.
    String repeated = "{{ tasks.big }}".repeat(100_000);
    assertThatThrownBy(() -> Templates.render(repeated, CONTEXT, Bounds.DEFAULT))
        .hasMessageContaining("is at least 300000 bytes, over the limit of 262144");
    assertThatThrownBy(
            () ->
                Templates.render(
                    "é{{ tasks.a }}€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€",
                    CONTEXT,
                    SMALL))
        .as("bytes, not characters")
        .hasMessageContaining("bytes, over the limit of 1000");
  }

  @Test
  void aSequenceOverTheLimitFailsBeforeItIsBuilt() {
    assertThat(Templates.value("{{ sequence(0, 50) }}", Map.of(), SMALL)).asList().hasSize(50);
    assertThatThrownBy(() -> Templates.value("{{ sequence(1, 10000000) }}", Map.of(), SMALL))
        .hasMessageContaining("sequence(1, 10000000) is 9999999 items, over the limit of 50")
        .hasMessageContaining("(--max-sequence)");
  }

  @Test
  void functionsThatMultiplyTheirInputAreBounded() {
    assertThatThrownBy(
            () -> Templates.render("{{ replace(tasks.a, 'x', tasks.a) }}", CONTEXT, SMALL))
        .hasMessageContaining("the value of replace() is at least 160000 bytes");
    assertThatThrownBy(
            () -> Templates.render("{{ join(sequence(0, 50), tasks.a) }}", CONTEXT, SMALL))
        .hasMessageContaining("the value of join() is at least");
    assertThat(Templates.render("{{ replace('abc', 'b', 'xx') }}", CONTEXT, SMALL))
        .isEqualTo("axxc");
  }

  @Test
  void aLiteralListsSizeIsKnownWithoutEvaluatingIt() {
    assertThat(Templates.literalSize("{{ sequence(5, 8) }}", SMALL)).hasValue(3);
    assertThat(Templates.literalSize("{{ sequence(-2, 2) }}", SMALL)).hasValue(4);
    assertThat(Templates.literalSize("{{ sequence(8, 5) }}", SMALL)).hasValue(0);
    assertThat(Templates.literalSize("{{ {1, 2, 3} }}", SMALL)).hasValue(3);
    assertThat(Templates.literalSize("{{ fromJSON('[1, [2, 3]]') }}", SMALL)).hasValue(2);
    assertThat(Templates.literalSize("{{ fromJSON(inputs.list) }}", SMALL)).isEmpty();
    assertThat(Templates.literalSize("{{ sequence(0, toInt(inputs.n)) }}", SMALL)).isEmpty();
    assertThatThrownBy(() -> Templates.literalSize("{{ sequence(0, 51) }}", SMALL))
        .hasMessageContaining("sequence(0, 51) is 51 items, over the limit of 50");
  }
}
