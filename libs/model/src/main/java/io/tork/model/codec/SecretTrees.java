package io.tork.model.codec;

import io.tork.model.codec.mapping.Mappers;
import io.tork.model.secrets.SecretCipher;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Secrets found, sealed, opened and redacted over a JSON tree, whatever its shape: the one rule for
 * every record, answer and payload (ADR 46). A value is secret when a key above it has a secret
 * name ({@link Redaction#isSecretName}: {@code secrets}, {@code parentSecrets}, {@code
 * DB_PASSWORD}, ...); any other string that contains a secret value carries it.
 */
public final class SecretTrees {
  private static final byte[][] MARKERS = {bytes("secret"), bytes("password"), bytes("access_key")};
  private static final byte[] SEALED = bytes(SecretCipher.PREFIX);

  private SecretTrees() {}

  /** What a node becomes (itself when unchanged); {@code secret}: under a secret-named key. */
  @FunctionalInterface
  private interface Rewrite {
    @Nullable String apply(String text, boolean secret);
  }

  /**
   * Whether JSON text may have a secret-named key: false means it surely has none (a byte scan, to
   * spare most records the tree).
   */
  static boolean mayNameSecrets(byte[] json) {
    for (byte[] marker : MARKERS) {
      if (indexOf(json, marker, true) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** Whether text may hold a sealed value: false means it surely holds none. */
  static boolean mayHoldSealed(byte[] text) {
    return indexOf(text, SEALED, false) >= 0;
  }

  /** The tree's secret values (non-empty, not templates) and {@code known}. */
  static Redaction secretsOf(JsonNode root, Redaction known) {
    Set<String> values = new LinkedHashSet<>();
    collect(root, false, values);
    return values.isEmpty() ? known : known.and(values);
  }

  private static void collect(JsonNode node, boolean secret, Set<String> out) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        collect(e.getValue(), secret || Redaction.isSecretName(e.getKey()), out);
      }
    } else if (node.isArray()) {
      for (JsonNode child : node) {
        collect(child, secret, out);
      }
    } else if (secret && isScalar(node)) {
      String text = node.asString();
      if (!text.isEmpty() && !text.contains("{{") && !SecretCipher.isSealed(text)) {
        out.add(text);
      }
    }
  }

  /**
   * Seals, in place, every value under a secret-named key and every string that contains one of the
   * tree's secret values or of {@code also}. Sealed values stay as they are.
   */
  static JsonNode seal(JsonNode root, SecretCipher cipher, Collection<String> also) {
    Redaction secrets = secretsOf(root, Redaction.none().and(also));
    return rewrite(
        root,
        false,
        false,
        (text, secret) -> {
          if (text.isEmpty() || SecretCipher.isSealed(text)) {
            return null;
          }
          return secret || secrets.occursIn(text) ? cipher.seal(text) : null;
        });
  }

  /** Opens, in place, every sealed value of the tree. */
  static JsonNode open(JsonNode root, SecretCipher cipher) {
    return rewrite(
        root,
        false,
        false,
        (text, secret) -> SecretCipher.isSealed(text) ? cipher.open(text) : null);
  }

  /**
   * Redacts, in place, every string of the tree, keys included: a value under a secret-named key
   * (or still sealed) reads {@code [REDACTED]}, and every occurrence of a secret value (the tree's
   * own and {@code known}) in any other string does.
   */
  static JsonNode redact(JsonNode root, Redaction known) {
    Redaction secrets = secretsOf(root, known);
    return rewrite(
        root,
        false,
        true,
        (text, secret) -> {
          if (secret || SecretCipher.isSealed(text)) {
            return text.equals(Redaction.REDACTED) ? null : Redaction.REDACTED;
          }
          String shown = secrets.text(text);
          return shown.equals(text) ? null : shown;
        });
  }

  /**
   * {@code record} with every string redacted as {@link #redact} does, through its JSON tree: one
   * rule for every field of every record, nested ones included.
   */
  public static <T> T redacted(T record, Class<T> type, Redaction known) {
    JsonNode tree = Mappers.JSON.valueToTree(record);
    return Mappers.JSON.treeToValue(redact(tree, known), type);
  }

  /** Where the first sealed value of the tree is ({@code tasks[0].env.X}), or null. */
  static @Nullable String firstSealed(JsonNode node, String path) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        String found =
            firstSealed(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey());
        if (found != null) {
          return found;
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String found = firstSealed(node.get(i), path + "[" + i + "]");
        if (found != null) {
          return found;
        }
      }
    } else if (node.isString() && SecretCipher.isSealed(node.asString())) {
      return path.isEmpty() ? "body" : path;
    }
    return null;
  }

  private static JsonNode rewrite(JsonNode node, boolean secret, boolean keys, Rewrite f) {
    if (node instanceof ObjectNode object) {
      List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(object.properties());
      boolean renamed = false;
      List<String> names = new ArrayList<>(entries.size());
      List<JsonNode> values = new ArrayList<>(entries.size());
      for (Map.Entry<String, JsonNode> e : entries) {
        String name = e.getKey();
        String newName = keys ? f.apply(name, false) : null;
        renamed |= newName != null;
        names.add(newName == null ? name : newName);
        values.add(rewrite(e.getValue(), secret || Redaction.isSecretName(name), keys, f));
      }
      if (renamed) {
        object.removeAll();
      }
      for (int i = 0; i < names.size(); i++) {
        if (renamed || values.get(i) != entries.get(i).getValue()) {
          object.set(names.get(i), values.get(i));
        }
      }
      return object;
    }
    if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        JsonNode child = array.get(i);
        JsonNode now = rewrite(child, secret, keys, f);
        if (now != child) {
          array.set(i, now);
        }
      }
      return array;
    }
    if (node.isString() || secret && isScalar(node)) {
      String out = f.apply(node.asString(), secret);
      return out == null ? node : StringNode.valueOf(out);
    }
    return node;
  }

  private static boolean isScalar(JsonNode node) {
    return node.isString() || node.isNumber() || node.isBoolean();
  }

  private static byte[] bytes(String ascii) {
    return ascii.getBytes(StandardCharsets.US_ASCII);
  }

  /** Where {@code needle} (lower-case ASCII) starts in {@code haystack}, or -1. */
  private static int indexOf(byte[] haystack, byte[] needle, boolean ignoreCase) {
    int last = haystack.length - needle.length;
    byte first = needle[0];
    for (int i = 0; i <= last; i++) {
      byte b = haystack[i];
      if (ignoreCase && b >= 'A' && b <= 'Z') {
        b = (byte) (b + 32);
      }
      if (b != first) {
        continue;
      }
      int j = 1;
      while (j < needle.length) {
        byte c = haystack[i + j];
        if (ignoreCase && c >= 'A' && c <= 'Z') {
          c = (byte) (c + 32);
        }
        if (c != needle[j]) {
          break;
        }
        j++;
      }
      if (j == needle.length) {
        return i;
      }
    }
    return -1;
  }
}
