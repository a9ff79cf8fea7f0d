package io.tork.model.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretCipherTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final KeyRing ring = KeyRing.generate(RANDOM);
  private final SecretCipher cipher = new SecretCipher(ring);

  @Test
  void aValueRoundTripsAndIsNeverTheSameTwice() {
    for (String plain :
        new String[] {"hunter2", "", "é ✓ \u0000 line\nbreak", "x".repeat(100_000)}) {
      String sealed = cipher.seal(plain);
      assertThat(sealed).startsWith("enc:v1:" + ring.primaryId() + ":");
      assertThat(SecretCipher.isSealed(sealed)).isTrue();
      assertThat(cipher.open(sealed)).isEqualTo(plain);
    }
    assertThat(cipher.seal("hunter2"))
        .isNotEqualTo(cipher.seal("hunter2"))
        .doesNotContain("hunter2");
  }

  @Test
  void anAlteredValueDoesNotOpen() {
    String sealed = cipher.seal("hunter2");
    // a character of the tag (not the last one, whose low bits may be padding a decoder ignores)
    int at = sealed.length() - 3;
    String flipped =
        sealed.substring(0, at) + (sealed.charAt(at) == 'A' ? 'B' : 'A') + sealed.substring(at + 1);
    assertThatThrownBy(() -> cipher.open(flipped))
        .isInstanceOf(SealedValueException.class)
        .hasMessageContaining("altered");
    String payload = sealed.substring(16);
    byte[] bytes = Base64.getUrlDecoder().decode(payload);
    bytes[14] ^= 1; // the ciphertext, past the IV
    String edited =
        sealed.substring(0, 16) + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    assertThatThrownBy(() -> cipher.open(edited)).isInstanceOf(SealedValueException.class);
    String cut = sealed.substring(0, sealed.length() - 4);
    assertThatThrownBy(() -> cipher.open(cut)).isInstanceOf(SealedValueException.class);
    assertThatThrownBy(() -> cipher.open("enc:v1:zz")).hasMessage("not a sealed value");
  }

  @Test
  void anotherKeyDoesNotOpenIt() {
    String sealed = cipher.seal("hunter2");
    KeyRing other = KeyRing.generate(RANDOM);
    SecretCipher wrong = new SecretCipher(other);
    assertThatThrownBy(() -> wrong.open(sealed))
        .isInstanceOf(SecretKeyMissingException.class)
        .hasMessageContaining(ring.primaryId())
        .hasMessageContaining("ADR 45");
    // The same bytes under the other key's id: the key id is part of what is authenticated.
    String relabelled = "enc:v1:" + other.primaryId() + sealed.substring(15);
    assertThatThrownBy(() -> wrong.open(relabelled))
        .isInstanceOf(SealedValueException.class)
        .hasMessageContaining("altered");
  }

  @Test
  void aRotatedRingSealsWithTheNewKeyAndOpensWithEveryKey() {
    String old = cipher.seal("sealed before the rotation");
    KeyRing rotated = KeyRing.parse(KeyRing.generate(RANDOM).text() + ring.text());
    SecretCipher now = new SecretCipher(rotated);
    assertThat(rotated.ids()).hasSize(2).endsWith(ring.primaryId());
    assertThat(now.open(old)).isEqualTo("sealed before the rotation");
    String fresh = now.seal("after");
    assertThat(fresh).startsWith("enc:v1:" + rotated.primaryId() + ":");
    assertThat(rotated.primaryId()).isNotEqualTo(ring.primaryId());
    // the old ring alone cannot read what the new key sealed: every process needs the new file
    assertThatThrownBy(() -> cipher.open(fresh)).isInstanceOf(SecretKeyMissingException.class);
  }

  @Test
  void keysAreReadFromLinesOrCommasWithComments() {
    String a = Base64.getEncoder().encodeToString(new byte[32]);
    byte[] ones = new byte[32];
    java.util.Arrays.fill(ones, (byte) 1);
    String b = Base64.getUrlEncoder().encodeToString(ones);
    KeyRing lines = KeyRing.parse("# mine\n" + a + "\n\n" + b + "  # older\n");
    KeyRing commas = KeyRing.parse(a + "," + b);
    assertThat(lines.ids()).isEqualTo(commas.ids()).hasSize(2);
    assertThat(lines.toString()).doesNotContain(a);
    assertThatThrownBy(() -> KeyRing.parse("")).hasMessageContaining("no encryption key");
    assertThatThrownBy(() -> KeyRing.parse(Base64.getEncoder().encodeToString(new byte[16])))
        .hasMessageContaining("is 16 bytes, expected 32");
    assertThatThrownBy(() -> KeyRing.parse("not!base64")).hasMessageContaining("not base64");
    assertThatThrownBy(() -> KeyRing.parse(a + "," + a)).hasMessageContaining("given twice");
  }

  @Test
  void aKeyFileIsMadeOnceOwnerOnly(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("data/encryption.key");
    KeyRing made = KeyRing.readOrCreate(file, RANDOM);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(KeyRing.isOpenToOthers(file)).isFalse();
    assertThat(KeyRing.readOrCreate(file, RANDOM).ids()).isEqualTo(made.ids());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(KeyRing.isOpenToOthers(file)).isTrue();
    assertThatThrownBy(() -> KeyRing.read(dir.resolve("missing")))
        .hasMessageContaining("does not exist");
  }

  @Test
  void fingerprintsAreKeyedAndStable() {
    assertThat(cipher.fingerprint("hunter2")).isEqualTo(cipher.fingerprint("hunter2")).hasSize(32);
    assertThat(new SecretCipher(KeyRing.generate(RANDOM)).fingerprint("hunter2"))
        .isNotEqualTo(cipher.fingerprint("hunter2"));
  }

  @Test
  void onlyTheWholeShapeIsSealed() {
    assertThat(SecretCipher.isSealed("enc:v1:")).isFalse();
    assertThat(SecretCipher.isSealed("encrypted: enc:v1:0011aabb:" + "A".repeat(40))).isFalse();
    assertThat(SecretCipher.isSealed("enc:v1:0011aabb:" + "A".repeat(40))).isTrue();
    assertThat(SecretCipher.isSealed("enc:v1:0011AABB:" + "A".repeat(40))).isFalse();
    assertThat(SecretCipher.isSealed("enc:v1:0011aabb:" + "A".repeat(39) + "=")).isFalse();
  }
}
