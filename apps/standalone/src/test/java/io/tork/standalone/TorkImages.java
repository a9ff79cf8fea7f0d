package io.tork.standalone;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.images.ImagePullPolicy;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The images {@code infra/images build} makes, as Testcontainers containers (ADR 26): only local
 * images, never pulled (no registry serves them, nor anything else, here), ports published on
 * 127.0.0.1 only, and the tests' cheap-to-start JVM options.
 */
final class TorkImages {
  /** Nothing is pulled: an image that is not built fails at once instead of waiting on a pull. */
  static final ImagePullPolicy NEVER_PULL = image -> false;

  /** Heap and JIT of every engine container: as the process tests start them. */
  static final String JVM_OPTIONS = "-Xmx256m " + String.join(" ", ChildProcess.JVM_OPTIONS);

  private static final Duration STARTUP = Duration.ofMinutes(3);

  private TorkImages() {}

  /** The broker image, tagged with the Kafka version the engine is built against. */
  static DockerImageName kafkaImage() {
    return DockerImageName.parse("tork-java/kafka:" + AppInfoParser.getVersion())
        .asCompatibleSubstituteFor("apache/kafka");
  }

  /** {@code tork-java/scheduler}, {@code gateway} or {@code worker}. */
  /** {@code TORK_IMAGE_TAG} picks other builds of the app images (compose.yml reads it too). */
  static DockerImageName appImage(String app) {
    String tag = System.getenv().getOrDefault("TORK_IMAGE_TAG", "latest");
    return DockerImageName.parse("tork-java/" + app + ":" + (tag.isBlank() ? "latest" : tag));
  }

  /**
   * Skips the test visibly when an image is missing (fails with {@code CI=true}, where CI builds
   * them first).
   */
  static void requireImages() {
    List<String> missing =
        Stream.concat(
                Stream.of(kafkaImage()),
                Stream.of("scheduler", "gateway", "worker").map(TorkImages::appImage))
            .map(DockerImageName::asCanonicalNameString)
            .filter(
                image ->
                    DockerCheck.run(List.of("docker", "image", "inspect", image)).exitCode() != 0)
            .toList();
    if (!missing.isEmpty() && "true".equals(System.getenv("CI"))) {
      fail("CI=true but images are missing (infra/images build): " + missing);
    }
    assumeTrue(missing.isEmpty(), "images missing, run infra/images build: " + missing);
  }

  /** A broker that the engine's containers reach as {@code kafka:19092} on {@code network}. */
  static KafkaContainer kafka(Network network) {
    return loopbackOnly(
        new KafkaContainer(kafkaImage())
            .withImagePullPolicy(NEVER_PULL)
            .withNetwork(network)
            .withListener("kafka:19092")
            .withEnv("KAFKA_HEAP_OPTS", "-Xmx256m")
            .withEnv("KAFKA_JVM_PERFORMANCE_OPTS", String.join(" ", ChildProcess.JVM_OPTIONS))
            .withStartupTimeout(STARTUP));
  }

  /** An engine container of {@code app} on {@code network}, started with {@code args}. */
  static GenericContainer<?> app(String app, Network network, String... args) {
    return loopbackOnly(
        new GenericContainer<>(appImage(app))
            .withImagePullPolicy(NEVER_PULL)
            .withNetwork(network)
            .withNetworkAliases(app)
            .withEnv("TORK_JAVA_OPTS", JVM_OPTIONS)
            .withEnv("TORK_ENCRYPTION_KEY", ChildProcess.ENCRYPTION_KEY)
            .withCommand(args)
            .withStartupTimeout(STARTUP));
  }

  /**
   * Gives a worker the host engine's socket. Not {@code withFileSystemBind}: Testcontainers checks
   * that binds work by running a container of an image it pulls first.
   */
  static void bindDockerSocket(CreateContainerCmd create) {
    create
        .getHostConfig()
        .withBinds(new Bind("/var/run/docker.sock", new Volume("/var/run/docker.sock")));
  }

  /** Publishes the container's ports on 127.0.0.1 only (Testcontainers binds every interface). */
  private static <T extends GenericContainer<?>> T loopbackOnly(T container) {
    container.withCreateContainerCmdModifier(
        create -> {
          Ports published = create.getHostConfig().getPortBindings();
          if (published == null) {
            return;
          }
          Ports loopback = new Ports();
          for (ExposedPort port : published.getBindings().keySet()) {
            loopback.bind(port, Ports.Binding.bindIp("127.0.0.1"));
          }
          create.getHostConfig().withPortBindings(loopback);
        });
    return container;
  }
}
