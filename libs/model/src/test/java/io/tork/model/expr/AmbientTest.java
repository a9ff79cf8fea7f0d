package io.tork.model.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AmbientTest {
  private static final Instant AT = Instant.parse("2026-03-04T05:06:07Z");

  private static String render(String template, Ambient ambient) {
    return Templates.render(template, Map.of(), Bounds.DEFAULT, ambient);
  }

  @Test
  void nowIsTheAmbientsTime() {
    assertThat(render("{{ now() }}", Ambient.of(AT, 1))).isEqualTo("2026-03-04T05:06:07Z");
  }

  @Test
  void theSameSeedDrawsTheSameNumbers() {
    String template = "{{ randomInt() }} {{ randomInt(10) }}";
    assertThat(render(template, Ambient.of(AT, 5))).isEqualTo(render(template, Ambient.of(AT, 5)));
  }

  @Test
  void numbersFollowOneAnotherWithinOneAmbient() {
    Ambient ambient = Ambient.of(AT, 5);
    String first = render("{{ randomInt() }}", ambient);
    String second = render("{{ randomInt() }}", ambient);
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void aStandAloneValueReadsTheAmbientToo() {
    assertThat(Templates.value("{{ now() }}", Map.of(), Bounds.DEFAULT, Ambient.of(AT, 1)))
        .isEqualTo(AT.toString());
  }
}
