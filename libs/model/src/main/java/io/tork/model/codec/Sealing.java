package io.tork.model.codec;

import io.tork.model.secrets.KeyRing;
import io.tork.model.secrets.SecretCipher;
import io.tork.model.secrets.SecretKeyMissingException;
import org.jspecify.annotations.Nullable;

/**
 * The process's encryption keys, which the internal format seals secrets with ({@link Json}): every
 * record a process writes to a topic or a store goes through it, so that one switch, set when the
 * process starts, covers them all (ADR 46). Without keys (tests, tools) records are written plain.
 *
 * <p>Keys installed more than once in one JVM (several engines in one test JVM) add up: the last
 * ring's primary seals, every key installed opens.
 */
public final class Sealing {
  private static volatile @Nullable SecretCipher cipher;

  private Sealing() {}

  /** Seals with {@code keys} from now on, and opens with them and any installed before. */
  public static synchronized void install(KeyRing keys) {
    SecretCipher current = cipher;
    cipher = new SecretCipher(current == null ? keys : keys.and(current.keys()));
  }

  /** Back to plain records (tests). */
  public static synchronized void uninstall() {
    cipher = null;
  }

  /** The installed cipher, or null when records are written plain. */
  public static @Nullable SecretCipher cipher() {
    return cipher;
  }

  /** The installed cipher; a sealed value met without one cannot be opened, saying so. */
  static SecretCipher required() {
    SecretCipher c = cipher;
    if (c == null) {
      throw new SecretKeyMissingException(
          "a record holds sealed values, and this process has no encryption key"
              + " (--encryption-key-file or TORK_ENCRYPTION_KEY)");
    }
    return c;
  }

  /** {@code value} sealed when keys are installed and it is not empty; else as it is. */
  public static String seal(String value) {
    SecretCipher c = cipher;
    return c == null || value.isEmpty() ? value : c.seal(value);
  }

  /** {@code value} opened when it is sealed; else as it is. */
  public static String open(String value) {
    return SecretCipher.isSealed(value) ? required().open(value) : value;
  }

  /**
   * A keyed digest of {@code value} when keys are installed (see {@link SecretCipher#fingerprint}),
   * else a plain SHA-256: what a store keys a value by without keeping it.
   */
  public static byte[] fingerprint(String value) {
    SecretCipher c = cipher;
    if (c != null) {
      return java.util.HexFormat.of().parseHex(c.fingerprint(value));
    }
    try {
      return java.security.MessageDigest.getInstance("SHA-256")
          .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
