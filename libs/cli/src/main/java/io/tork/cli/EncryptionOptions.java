package io.tork.cli;

import io.tork.model.codec.Sealing;
import io.tork.model.secrets.KeyRing;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * Where a process's encryption keys come from (ADR 45): {@code --encryption-key-file FILE} (or
 * {@code TORK_ENCRYPTION_KEY_FILE}), else the keys themselves in {@code TORK_ENCRYPTION_KEY}
 * (comma-separated; never a flag, which {@code ps} would show). Every gateway, scheduler and worker
 * of an engine needs the same keys; {@code standalone} makes its own under its data dir on first
 * start. A process without keys does not start.
 */
public final class EncryptionOptions {
  public static final String KEY_ENV = "TORK_ENCRYPTION_KEY";

  /** Where {@code standalone} keeps the key it made, under its data dir. */
  public static final String STANDALONE_KEY_FILE = "encryption.key";

  private static final Logger log = LoggerFactory.getLogger(EncryptionOptions.class);

  @Option(
      names = "--encryption-key-file",
      paramLabel = "FILE",
      description =
          "The key file: base64 AES-256 keys, one per line, the first seals, every one opens"
              + " (rotation); every process of an engine needs the same (or the keys in"
              + " TORK_ENCRYPTION_KEY). Standalone default: <data-dir>/encryption.key, made on"
              + " first start.")
  public @Nullable Path keyFile;

  /**
   * The keys, from the file or the environment; else made in {@code standaloneDataDir} (once, then
   * read from there), when there is one.
   *
   * @throws StartupException when there are none, or both sources are given, or they are invalid
   */
  public KeyRing keys(Map<String, String> env, @Nullable Path standaloneDataDir) {
    String inEnv = env.getOrDefault(KEY_ENV, "");
    if (keyFile != null && !inEnv.isBlank()) {
      throw new StartupException(
          "both --encryption-key-file and " + KEY_ENV + " are set: give the keys one way");
    }
    try {
      if (keyFile != null) {
        if (KeyRing.isOpenToOthers(keyFile)) {
          log.atWarn()
              .addKeyValue("file", keyFile)
              .log("the encryption key file is readable by others than its owner: chmod 600 it");
        }
        return KeyRing.read(keyFile);
      }
      if (!inEnv.isBlank()) {
        return KeyRing.parse(inEnv);
      }
    } catch (IllegalArgumentException e) {
      throw new StartupException(
          (keyFile != null ? "--encryption-key-file " : KEY_ENV + ": ") + e.getMessage());
    }
    if (standaloneDataDir == null) {
      throw new StartupException(
          "no encryption key: give --encryption-key-file FILE or "
              + KEY_ENV
              + ", the same on every gateway, scheduler and worker (make one with: head -c 32"
              + " /dev/urandom | base64 > tork.key && chmod 600 tork.key)");
    }
    Path file = standaloneDataDir.resolve(STANDALONE_KEY_FILE);
    boolean made = !java.nio.file.Files.exists(file);
    KeyRing keys;
    try {
      keys = KeyRing.readOrCreate(file, new SecureRandom());
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      throw new StartupException(e.getMessage());
    }
    if (made) {
      log.atInfo()
          .addKeyValue("file", file)
          .log("made an encryption key for the secrets of jobs; keep it with the data dir");
    }
    return keys;
  }

  /** Reads the keys (as {@link #keys}) and has the process seal with them. */
  public KeyRing install(Map<String, String> env, @Nullable Path standaloneDataDir) {
    KeyRing keys = keys(env, standaloneDataDir);
    Sealing.install(keys);
    log.atInfo().addKeyValue("keys", keys.ids()).log("secrets are sealed with the first key");
    return keys;
  }
}
