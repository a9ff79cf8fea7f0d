package io.tork.model.codec;

import tools.jackson.core.JacksonException;

/** The internal wire and store format: plain JSON of the model's records. */
public final class Json {
  private Json() {}

  public static byte[] write(Object value) {
    return Mappers.JSON.writeValueAsBytes(value);
  }

  /** Any JSON value as plain Java (maps, lists, strings, numbers, booleans, null). */
  public static Object parseValue(String json) {
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

  /**
   * Reads one record.
   *
   * @throws IllegalArgumentException when the bytes are not a {@code type}
   */
  public static <T> T read(byte[] bytes, Class<T> type) {
    try {
      return Mappers.JSON.readValue(bytes, type);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "not a " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
