package io.tork.model.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens secret values with the JDK's AES-256-GCM (authenticated: a value altered, cut or
 * given another key id does not open). A sealed value is text, so that it takes a string's place in
 * any record: {@code enc:v1:<key id>:<base64url(iv | ciphertext | tag)>}, with a fresh 12-byte
 * random IV each time and {@code enc:v1:<key id>} as the associated data. Thread-safe. ADR 45.
 */
public final class SecretCipher {
  public static final String PREFIX = "enc:v1:";
  private static final int ID_CHARS = 8;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int MIN_PAYLOAD_CHARS = (IV_BYTES + TAG_BITS / 8) * 4 / 3; // 37, unpadded
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  private final KeyRing keys;
  private final SecureRandom random;
  private final SecretKey fingerprints;

  public SecretCipher(KeyRing keys) {
    this(keys, new SecureRandom());
  }

  public SecretCipher(KeyRing keys, SecureRandom random) {
    this.keys = keys;
    this.random = random;
    this.fingerprints = new SecretKeySpec(hmac(keys.primary(), "tork fingerprints"), "HmacSHA256");
  }

  public KeyRing keys() {
    return keys;
  }

  /** {@code plain} sealed with the primary key. */
  public String seal(String plain) {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    String id = keys.primaryId();
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.ENCRYPT_MODE, keys.primary(), new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(header(id));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      byte[] payload = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
      return PREFIX + id + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available in this JVM", e);
    }
  }

  /**
   * The value {@code sealed} holds.
   *
   * @throws SealedValueException when it is not a sealed value, names a key this ring lacks, or
   *     does not open (altered, or not sealed by that key)
   */
  public String open(String sealed) {
    if (!isSealed(sealed)) {
      throw new SealedValueException("not a sealed value");
    }
    String id = sealed.substring(PREFIX.length(), PREFIX.length() + ID_CHARS);
    SecretKey key =
        keys.key(id)
            .orElseThrow(
                () ->
                    new SecretKeyMissingException(
                        "a sealed value names encryption key "
                            + id
                            + ", which is not among this process's keys "
                            + keys.ids()
                            + " (an old key must stay in the key file while values it sealed are"
                            + " kept: ADR 45)"));
    byte[] payload;
    try {
      payload = Base64.getUrlDecoder().decode(sealed.substring(PREFIX.length() + ID_CHARS + 1));
    } catch (IllegalArgumentException e) {
      throw new SealedValueException("a sealed value is not base64url");
    }
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, payload, 0, IV_BYTES));
      cipher.updateAAD(header(id));
      byte[] plain = cipher.doFinal(payload, IV_BYTES, payload.length - IV_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new SealedValueException(
          "a sealed value does not open with encryption key " + id + ": it was altered");
    } catch (GeneralSecurityException e) {
      throw new SealedValueException("a sealed value cannot be opened: " + e.getMessage());
    }
  }

  /** Whether {@code text} has the shape of a sealed value (whether it opens is another matter). */
  public static boolean isSealed(String text) {
    int payloadAt = PREFIX.length() + ID_CHARS + 1;
    if (text.length() < payloadAt + MIN_PAYLOAD_CHARS
        || !text.startsWith(PREFIX)
        || text.charAt(payloadAt - 1) != ':') {
      return false;
    }
    for (int i = PREFIX.length(); i < payloadAt - 1; i++) {
      char c = text.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    for (int i = payloadAt; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9')
          && c != '-'
          && c != '_') {
        return false;
      }
    }
    return true;
  }

  /**
   * A keyed digest of {@code value} (HMAC-SHA256 under a key derived from the primary key), to find
   * a value again without keeping it: unlike a plain hash, it cannot be checked against guesses
   * without the key.
   */
  public String fingerprint(String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(fingerprints);
      return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)), 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  private static byte[] header(String id) {
    return (PREFIX + id).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] hmac(SecretKey key, String label) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
      return mac.doFinal(label.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }
}
