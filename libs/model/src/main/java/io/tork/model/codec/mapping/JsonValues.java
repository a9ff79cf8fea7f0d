package io.tork.model.codec.mapping;

import tools.jackson.core.JacksonException;

/** Plain JSON values (maps, lists, strings, numbers, booleans, null), read and printed. */
public final class JsonValues {
  private JsonValues() {}

  /** Any JSON value as plain Java (maps, lists, strings, numbers, booleans, null). */
  public static Object parse(String json) {
    try {
      return Mappers.JSON.readValue(json, Object.class);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Pretty-printed JSON of plain Java values, as Tork's {@code toJSON} prints. */
  public static String pretty(Object value) {
    return Mappers.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
  }
}
