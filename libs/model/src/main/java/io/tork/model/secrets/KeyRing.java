package io.tork.model.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The engine's encryption keys: AES-256 keys, the first of which seals new values (the primary)
 * while every one of them opens what it sealed. A key is 32 random bytes, written in base64; a key
 * ring is one or more of them, one per line (or comma-separated, as in {@code
 * TORK_ENCRYPTION_KEY}), {@code #} starting a comment. Each key is known by an id derived from it
 * (8 hex digits of a SHA-256 of the key), which every sealed value names: rotating is putting a new
 * key first and keeping the old ones after it for as long as values they sealed are kept. ADR 45.
 */
public final class KeyRing {
  public static final int KEY_BYTES = 32;
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  /** Keys by id, the primary first. */
  private final Map<String, SecretKey> keys;

  private KeyRing(Map<String, SecretKey> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no encryption key");
    }
    this.keys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keys));
  }

  /**
   * The keys written in {@code text}: base64 (standard or URL alphabet) of 32 bytes each, separated
   * by line breaks, commas or blanks; blank lines and {@code #} comments are skipped.
   *
   * @throws IllegalArgumentException naming the key (by its place) that is not one
   */
  public static KeyRing parse(String text) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    int place = 0;
    for (String line : text.split("\\R")) {
      int hash = line.indexOf('#');
      String content = hash < 0 ? line : line.substring(0, hash);
      for (String word : content.split("[,\\s]+")) {
        if (word.isEmpty()) {
          continue;
        }
        place++;
        byte[] bytes = decode(word, place);
        String id = idOf(bytes);
        if (keys.putIfAbsent(id, new SecretKeySpec(bytes, "AES")) != null) {
          throw new IllegalArgumentException("encryption key " + place + " is given twice");
        }
      }
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no encryption key in it (expected base64 of 32 bytes)");
    }
    return new KeyRing(keys);
  }

  private static byte[] decode(String word, int place) {
    byte[] bytes;
    try {
      bytes =
          word.indexOf('-') >= 0 || word.indexOf('_') >= 0
              ? Base64.getUrlDecoder().decode(word)
              : Base64.getDecoder().decode(word);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "encryption key " + place + " is not base64 (expected 32 random bytes in base64)");
    }
    if (bytes.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "encryption key "
              + place
              + " is "
              + bytes.length
              + " bytes, expected "
              + KEY_BYTES
              + " (e.g. head -c 32 /dev/urandom | base64)");
    }
    return bytes;
  }

  /** A new ring of one fresh key. */
  public static KeyRing generate(SecureRandom random) {
    byte[] bytes = new byte[KEY_BYTES];
    random.nextBytes(bytes);
    return new KeyRing(Map.of(idOf(bytes), new SecretKeySpec(bytes, "AES")));
  }

  /**
   * The ring in {@code file}.
   *
   * @throws IllegalArgumentException when it is missing or holds no valid key, naming the file
   */
  public static KeyRing read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("encryption key file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the encryption key file " + file, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The ring in {@code file}, made there with one fresh key first if the file does not exist
   * (readable and writable by its owner only, where the file system says who may read).
   */
  public static KeyRing readOrCreate(Path file, SecureRandom random) {
    if (Files.exists(file)) {
      return read(file);
    }
    KeyRing ring = generate(random);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path partial = file.resolveSibling(file.getFileName() + ".new");
      Files.deleteIfExists(partial);
      if (Files.getFileStore(file.toAbsolutePath().getParent())
          .supportsFileAttributeView("posix")) {
        Files.createFile(partial, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } else {
        Files.createFile(partial);
      }
      Files.writeString(partial, ring.text(), StandardOpenOption.TRUNCATE_EXISTING);
      try {
        // No overwrite: of two processes making one at once, the first one's key stays.
        Files.move(partial, file);
      } catch (FileAlreadyExistsException raced) {
        Files.deleteIfExists(partial);
        return read(file);
      }
      return ring;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the encryption key file " + file, e);
    }
  }

  /** Whether others than the file's owner may read or write it (false where nobody can tell). */
  public static boolean isOpenToOthers(Path file) {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      return perms.stream()
          .anyMatch(p -> p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_"));
    } catch (UnsupportedOperationException | IOException e) {
      return false;
    }
  }

  /** The ring as a key file holds it: one key per line, the primary first. */
  public String text() {
    StringBuilder out = new StringBuilder();
    out.append("# tork encryption keys: the first seals, every one opens (ADR 45)\n");
    keys.values()
        .forEach(k -> out.append(Base64.getEncoder().encodeToString(k.getEncoded())).append('\n'));
    return out.toString();
  }

  /** The id of the key that seals new values. */
  public String primaryId() {
    return keys.keySet().iterator().next();
  }

  SecretKey primary() {
    return keys.values().iterator().next();
  }

  /** Every key's id, the primary first. */
  public List<String> ids() {
    return List.copyOf(keys.keySet());
  }

  Optional<SecretKey> key(String id) {
    return Optional.ofNullable(keys.get(id));
  }

  /** This ring's keys (its primary first), then those of {@code older} it lacks. */
  public KeyRing and(KeyRing older) {
    Map<String, SecretKey> all = new LinkedHashMap<>(keys);
    older.keys.forEach(all::putIfAbsent);
    return new KeyRing(all);
  }

  static String idOf(byte[] key) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update("tork key id\0".getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(sha.digest(key), 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public String toString() {
    // Never the keys themselves.
    return "KeyRing" + new ArrayList<>(keys.keySet());
  }
}
