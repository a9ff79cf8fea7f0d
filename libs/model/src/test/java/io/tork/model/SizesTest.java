package io.tork.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tork.model.codec.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SizesTest {
  @Test
  void countsUtf8BytesWithoutEncoding() {
    for (String text : List.of("", "abc", "é", "€", "😀x", "mixed é € 😀")) {
      assertThat(Sizes.utf8(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }
  }

  @Test
  void countsJsonAsItIsWritten() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("a", List.of(1, 2.5, "x\"y\\z", true));
    map.put("b", null);
    map.put("é", Map.of("k", "v"));
    for (Object value : List.of("plain", 42, List.of(), map, List.of(List.of(1), "é€"))) {
      assertThat(Sizes.json(value)).as("%s", value).isEqualTo(Json.write(value).length);
    }
  }

  @Test
  void keepsTheEndOfATextOverTheLimitAndSaysSo() {
    String text = "x".repeat(10_000) + "the reason";
    String kept = Sizes.keepTail(text, 100);
    assertThat(Sizes.utf8(kept)).isLessThanOrEqualTo(100);
    assertThat(kept).startsWith("[truncated: 10010 bytes, the end kept]").endsWith("the reason");
    assertThat(Sizes.keepTail("short", 100)).isEqualTo("short");
    String wide = "€".repeat(1000);
    assertThat(Sizes.utf8(Sizes.keepTail(wide, 101))).isLessThanOrEqualTo(101);
  }
}
