package io.tork.model.codec;

import io.tork.model.codec.mapping.JsonValues;
import io.tork.model.codec.mapping.Mappers;
import io.tork.model.secrets.SecretCipher;
import java.util.Collection;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The internal wire and store format: plain JSON of the model's records, with their secrets sealed
 * once the process has keys ({@link Sealing}): a value under a secret-named key, and any string
 * that contains such a value, is written sealed and read back open (ADR 46). Records without
 * secrets (most) are written and read as plain JSON, with no tree in between.
 */
public final class Json {
  private Json() {}

  public static byte[] write(Object value) {
    return write(value, List.of());
  }

  /**
   * {@code value}, every string that contains one of {@code alsoSecret} sealed too: for records
   * that carry their job's secrets without naming them (a webhook call's headers, an each list).
   */
  public static byte[] write(Object value, Collection<String> alsoSecret) {
    byte[] plain = Mappers.JSON.writeValueAsBytes(value);
    SecretCipher cipher = Sealing.cipher();
    if (cipher == null || alsoSecret.isEmpty() && !SecretTrees.mayNameSecrets(plain)) {
      return plain;
    }
    JsonNode tree = Mappers.JSON.readTree(plain);
    return Mappers.JSON.writeValueAsBytes(SecretTrees.seal(tree, cipher, alsoSecret));
  }

  /** Any JSON value as plain Java (maps, lists, strings, numbers, booleans, null). */
  public static Object parseValue(String json) {
    return JsonValues.parse(json);
  }

  /** Pretty-printed JSON of plain Java values, as Tork's {@code toJSON} prints. */
  public static String pretty(Object value) {
    return JsonValues.pretty(value);
  }

  /**
   * Reads one record, its sealed values opened.
   *
   * @throws IllegalArgumentException when the bytes are not a {@code type}, or hold a sealed value
   *     that cannot be opened ({@link io.tork.model.secrets.SealedValueException})
   */
  public static <T> T read(byte[] bytes, Class<T> type) {
    try {
      if (!SecretTrees.mayHoldSealed(bytes)) {
        return Mappers.JSON.readValue(bytes, type);
      }
      JsonNode tree = Mappers.JSON.readTree(bytes);
      return Mappers.JSON.treeToValue(SecretTrees.open(tree, Sealing.required()), type);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "not a " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }
}
