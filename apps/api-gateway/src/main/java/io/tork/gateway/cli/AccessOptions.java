package io.tork.gateway.cli;

import io.tork.cli.StartupException;
import io.tork.gateway.security.ApiAccess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Where the REST API listens and who may call it, for {@code gateway} and {@code standalone}:
 * secure by default (docs/security.md). It listens on loopback unless told otherwise; with no API
 * key authentication is off, which only loopback allows: on any other address the process refuses
 * to start, in one line, unless {@code --insecure-no-auth} says to run open.
 */
public final class AccessOptions {
  /** The shortest key: a guessable key would be no protection. */
  public static final int MIN_KEY_LENGTH = 16;

  /** Tork's rate when the limit is on. */
  public static final String DEFAULT_RATE = "20";

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description =
          "The address the REST API listens on (default: ${DEFAULT-VALUE}, this host only; 0.0.0.0"
              + " for every interface, which needs --api-key).")
  String host;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      split = ",",
      description =
          "A key that acts as an admin (Authorization: Bearer KEY), at least "
              + MIN_KEY_LENGTH
              + " characters; repeatable (TORK_API_KEY: comma-separated). Any key turns"
              + " authentication on.")
  List<String> apiKeys = new ArrayList<>();

  @Option(
      names = "--api-keys-file",
      paramLabel = "FILE",
      description = "A file of API keys, one a line (# starts a comment).")
  @Nullable Path apiKeysFile;

  @Option(
      names = "--insecure-no-auth",
      description =
          "Listen on a non-loopback --host with no API key: anyone who reaches the port runs"
              + " containers on the workers' hosts. Never on a network you do not control.")
  boolean insecureNoAuth;

  @Option(
      names = "--rate-limit",
      paramLabel = "PER_SECOND",
      arity = "0..1",
      fallbackValue = DEFAULT_RATE,
      defaultValue = "0",
      description =
          "Limit each client (address) to this many requests a second, 429 over it; alone: "
              + DEFAULT_RATE
              + " (Tork's). Off by default.")
  int rateLimit;

  @Option(
      names = "--cors-origin",
      paramLabel = "ORIGIN",
      split = ",",
      description =
          "An origin a browser may call the API from, e.g. https://ui.example.com; repeatable."
              + " None by default: same origin only.")
  List<String> corsOrigins = new ArrayList<>();

  /** The host to bind, checked for a port (Ports.requireFree). */
  public String host() {
    return host;
  }

  /**
   * What the API is given, once the rules hold.
   *
   * @throws StartupException a short or unreadable key, or a non-loopback host without a key and
   *     without {@code --insecure-no-auth}
   */
  public ApiAccess access() {
    List<String> keys = keys();
    if (rateLimit < 0) {
      throw new StartupException("--rate-limit: must be a number of requests a second, 1 or more");
    }
    if (keys.isEmpty() && !isLoopback(host) && !insecureNoAuth) {
      throw new StartupException(
          "refusing to serve the API on "
              + host
              + " without authentication: give --api-key KEY (or TORK_API_KEY, --api-keys-file),"
              + " or --insecure-no-auth to let anyone who reaches it run containers");
    }
    return new ApiAccess(host, keys, rateLimit, corsOrigins);
  }

  /** Whether the API would listen unauthenticated where others can reach it (a warning). */
  public boolean openToTheNetwork() {
    return insecureNoAuth && keys().isEmpty() && !isLoopback(host);
  }

  /** The one line a run open to the network logs at start. */
  public static void warnOpen(String host) {
    org.slf4j.LoggerFactory.getLogger(AccessOptions.class)
        .atWarn()
        .addKeyValue("host", host)
        .log(
            "authentication is off (--insecure-no-auth) and the API listens beyond loopback:"
                + " anyone who reaches it runs containers");
  }

  private List<String> keys() {
    List<String> keys = new ArrayList<>();
    apiKeys.stream().map(String::strip).filter(k -> !k.isEmpty()).forEach(keys::add);
    if (apiKeysFile != null) {
      try {
        for (String line : Files.readAllLines(apiKeysFile)) {
          String key = line.strip();
          if (!key.isEmpty() && !key.startsWith("#")) {
            keys.add(key);
          }
        }
      } catch (IOException e) {
        throw new StartupException("--api-keys-file: cannot read " + apiKeysFile + ": " + e);
      }
    }
    for (String key : keys) {
      if (key.length() < MIN_KEY_LENGTH
          || !key.chars().allMatch(c -> c > ' ' && c < 127 && c != ',')) {
        throw new StartupException(
            "an API key must be at least "
                + MIN_KEY_LENGTH
                + " printable characters without spaces or commas (e.g. openssl rand -hex 32)");
      }
    }
    return List.copyOf(keys);
  }

  static boolean isLoopback(String host) {
    try {
      InetAddress[] all = InetAddress.getAllByName(host);
      for (InetAddress address : all) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return all.length > 0;
    } catch (UnknownHostException e) {
      throw new StartupException("--host: cannot resolve " + host);
    }
  }
}
