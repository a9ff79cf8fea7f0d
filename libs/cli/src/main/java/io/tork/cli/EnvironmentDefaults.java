package io.tork.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option can also come from the environment or a config file, Spring-Boot style: for {@code
 * --node-expiry}, the variable {@code TORK_NODE_EXPIRY}, else the key {@code node-expiry} of the
 * properties file named by {@code TORK_CONFIG} (default {@code tork.properties} in the working
 * directory, if present), else the built-in default. Flags win over both. A repeatable option takes
 * a comma-separated list ({@code TORK_QUEUE=default:4,video:1}).
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {
  private final Map<String, String> env;
  private final Properties file;

  public EnvironmentDefaults() {
    this(System.getenv());
  }

  public EnvironmentDefaults(Map<String, String> env) {
    this.env = env;
    this.file =
        load(
            Path.of(env.getOrDefault("TORK_CONFIG", "tork.properties")),
            env.containsKey("TORK_CONFIG"));
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option)) {
      return null;
    }
    String key = option.longestName().replaceFirst("^--", "");
    String fromEnv = env.get(envName(key));
    if (fromEnv != null) {
      return fromEnv;
    }
    return file.getProperty(key);
  }

  public static String envName(String key) {
    return "TORK_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  private static Properties load(Path path, boolean required) {
    Properties properties = new Properties();
    if (!Files.exists(path)) {
      if (required) {
        throw new IllegalArgumentException("TORK_CONFIG names " + path + ", which does not exist");
      }
      return properties;
    }
    try (Reader reader = Files.newBufferedReader(path)) {
      properties.load(reader);
      return properties;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
