package io.tork.model.codec;

import tools.jackson.core.JacksonException;

/** The internal wire and store format: plain JSON of the model's records. */
public final class Json {
  private Json() {}

  public static byte[] write(Object value) {
    return Mappers.JSON.writeValueAsBytes(value);
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
