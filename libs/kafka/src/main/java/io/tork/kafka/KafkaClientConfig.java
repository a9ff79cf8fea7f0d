package io.tork.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one process connects to its Kafka cluster: the bootstrap servers and the client properties of
 * {@code --kafka-config FILE}, a Java properties file as Kafka's own tools take ({@code
 * security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}, {@code ssl.truststore.*}:
 * TLS, SASL/PLAIN, SASL/SCRAM and OAUTHBEARER as Kafka documents them). They apply to every client
 * the process makes: producers, consumers, admin clients, Kafka Streams and the clients it makes.
 *
 * <p>The engine names and groups its clients itself and decides how each reads and writes: the keys
 * in {@link #ENGINE_OWNED} are refused in the file, and a client's own settings win over the file's
 * for every other key. Values may be credentials: {@link #toString} names keys only.
 */
public record KafkaClientConfig(String bootstrapServers, Map<String, String> properties) {
  private static final Logger log = LoggerFactory.getLogger(KafkaClientConfig.class);

  /** Keys each client of the engine sets for itself: who it is, its group, its (de)serializers. */
  public static final Set<String> ENGINE_OWNED =
      Set.of(
          "client.id",
          "group.id",
          "group.instance.id",
          "transactional.id",
          "application.id",
          "key.serializer",
          "value.serializer",
          "key.deserializer",
          "value.deserializer");

  public KafkaClientConfig {
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("no Kafka bootstrap servers");
    }
    properties = Map.copyOf(properties);
    if (properties.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new IllegalArgumentException("bootstrap.servers goes in bootstrapServers");
    }
  }

  /** A cluster with a plaintext listener and no other setting. */
  public static KafkaClientConfig plaintext(String bootstrapServers) {
    return new KafkaClientConfig(bootstrapServers, Map.of());
  }

  /**
   * The configuration {@code --kafka} and {@code --kafka-config} give: the servers of the flag,
   * else the file's {@code bootstrap.servers}; the file's other properties, checked against Kafka's
   * definitions (a wrong value is refused here, naming the key, not by the first client made).
   *
   * @param file a properties file, or null for none
   * @throws IllegalArgumentException naming the problem
   */
  public static KafkaClientConfig load(@Nullable String bootstrapServers, @Nullable Path file) {
    Map<String, String> properties = new TreeMap<>();
    if (file != null) {
      properties.putAll(read(file));
    }
    String fromFile = properties.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
    String servers =
        bootstrapServers != null && !bootstrapServers.isBlank() ? bootstrapServers : fromFile;
    if (servers == null || servers.isBlank()) {
      throw new IllegalArgumentException(
          "no Kafka cluster: give --kafka HOST:PORT, or bootstrap.servers in the --kafka-config"
              + " file");
    }
    List<String> owned = properties.keySet().stream().filter(ENGINE_OWNED::contains).toList();
    if (!owned.isEmpty()) {
      throw new IllegalArgumentException(
          file
              + " sets "
              + String.join(", ", owned)
              + ": the engine sets these on each of its clients itself; remove them");
    }
    KafkaClientConfig config = new KafkaClientConfig(servers.strip(), properties);
    config.check(file);
    return config;
  }

  /** The settings of a client whose own are {@code own}: the servers, the file's, then its own. */
  public Map<String, Object> with(Map<String, ?> own) {
    Map<String, Object> out = new HashMap<>(properties);
    out.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    out.putAll(own);
    return out;
  }

  /**
   * Kafka's own parse of the values (types, enums such as security.protocol), logging nothing. A
   * value a config provider fills in ({@code ${file:...}}) is known only to the clients.
   */
  private void check(@Nullable Path file) {
    Map<String, Object> literal = with(Map.of());
    literal.values().removeIf(value -> value.toString().contains("${"));
    try {
      AdminClientConfig.configDef().parse(literal);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(
          (file == null ? "Kafka client settings" : file.toString()) + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, String> read(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("--kafka-config " + file + " does not exist");
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot read --kafka-config " + file + ": " + e, e);
    }
    warnIfOthersCanRead(file);
    Map<String, String> out = new TreeMap<>();
    properties.stringPropertyNames().forEach(key -> out.put(key, properties.getProperty(key)));
    return out;
  }

  /** The file may hold passwords: say so when other users can read it. */
  private static void warnIfOthersCanRead(Path file) {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (permissions.contains(PosixFilePermission.OTHERS_READ)
          || permissions.contains(PosixFilePermission.GROUP_READ)) {
        log.atWarn()
            .addKeyValue("file", file)
            .log(
                "the Kafka client settings are readable by other users; if they hold credentials,"
                    + " chmod 600 it");
      }
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system: nothing to say.
    }
  }

  /** The servers and the keys set, never a value. */
  @Override
  public String toString() {
    return "[bootstrap.servers="
        + bootstrapServers
        + (properties.isEmpty()
            ? ""
            : ", set: " + String.join(", ", new TreeMap<>(properties).keySet()))
        + "]";
  }
}
