package io.tork.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The layering of ARCHITECTURE.md and STYLE.md, checked over the main classes of every module
 * (tests may cross layers: a contract test runs an adapter). ADR 54 explains each rule.
 */
class LayeringTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.tork");
  private static final String[] KAFKA = {"org.apache.kafka..", "io.tork.kafka.."};
  private static final String SPRING = "org.springframework..";
  private static final String DOCKER = "com.github.dockerjava..";
  private static final String[] JACKSON = {"tools.jackson..", "com.fasterxml.jackson.."};

  /**
   * Modules, as packages: the libraries at the bottom, the apps apart from each other, standalone
   * (the composition root) on top. The client ships alone: it sees nothing of the engine.
   */
  @Test
  void modules() {
    ArchRule rule =
        layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("model")
            .definedBy("io.tork.model..")
            .layer("kafka")
            .definedBy("io.tork.kafka..")
            .layer("cli")
            .definedBy("io.tork.cli..")
            .layer("scheduler")
            .definedBy("io.tork.scheduler..")
            .layer("worker")
            .definedBy("io.tork.worker..")
            .layer("gateway")
            .definedBy("io.tork.gateway..")
            .layer("client")
            .definedBy("io.tork.client..")
            .layer("standalone")
            .definedBy("io.tork.standalone..")
            .whereLayer("standalone")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("client")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("scheduler")
            .mayOnlyBeAccessedByLayers("standalone")
            .whereLayer("worker")
            .mayOnlyBeAccessedByLayers("standalone")
            .whereLayer("gateway")
            .mayOnlyBeAccessedByLayers("standalone")
            .whereLayer("cli")
            .mayOnlyBeAccessedByLayers("scheduler", "worker", "gateway", "standalone")
            .whereLayer("kafka")
            .mayOnlyBeAccessedByLayers("cli", "scheduler", "worker", "gateway", "standalone")
            .whereLayer("model")
            .mayOnlyBeAccessedByLayers(
                "kafka", "cli", "scheduler", "worker", "gateway", "standalone");
    rule.check(MAIN);
  }

  /** A core is the pure part of an app: no Kafka, Spring, Docker or Jackson type in it. */
  @Test
  void coresImportNoTechnology() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("io.tork.*.core..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(concat(KAFKA, JACKSON, SPRING, DOCKER));
    rule.check(MAIN);
  }

  /** The worker's core owns the Runtime port; the adapters plug into it, never the reverse. */
  @Test
  void workerCoreImportsNoAdapter() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("io.tork.worker.core..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "io.tork.worker.docker..",
                "io.tork.worker.shell..",
                "io.tork.worker.kafka..",
                "io.tork.worker.cli..");
    rule.check(MAIN);
  }

  /** The scheduler's core is the state machine; its Kafka side calls it, never the reverse. */
  @Test
  void schedulerCoreImportsNoAdapter() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("io.tork.scheduler.core..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.tork.scheduler.kafka..", "io.tork.scheduler.cli..");
    rule.check(MAIN);
  }

  /** In the model, only its serdes ({@code model.kafka}) see Kafka... */
  @Test
  void modelSeesKafkaOnlyInItsSerdes() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("io.tork.model..")
            .and()
            .resideOutsideOfPackage("io.tork.model.kafka..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.apache.kafka..");
    rule.check(MAIN);
  }

  /** ...and they see its serde interfaces, nothing else: the plumbing is in libs/kafka. */
  @Test
  void modelSerdesSeeOnlyKafkasSerdes() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("io.tork.model.kafka..")
            .should()
            .dependOnClassesThat(
                resideInAPackage("org.apache.kafka..")
                    .and(resideOutsideOfPackage("org.apache.kafka.common.serialization..")));
    rule.check(MAIN);
  }

  /** Jackson stays in the model's codecs: every other module reads and writes through them. */
  @Test
  void jacksonOnlyInTheCodecs() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("io.tork.model..")
            .and()
            .resideOutsideOfPackage("io.tork.model.codec..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(JACKSON);
    rule.check(MAIN);
  }

  /** docker-java only in the worker's Docker adapter. */
  @Test
  void dockerOnlyInTheDockerAdapter() {
    ArchRule rule =
        noClasses()
            .that()
            .resideOutsideOfPackage("io.tork.worker.docker..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(DOCKER);
    rule.check(MAIN);
  }

  /** Kafka Streams only in the scheduler's Kafka side, and in standalone, which runs it. */
  @Test
  void kafkaStreamsOnlyInTheScheduler() {
    ArchRule rule =
        noClasses()
            .that()
            .resideOutsideOfPackages("io.tork.scheduler.kafka..", "io.tork.standalone..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.apache.kafka.streams..");
    rule.check(MAIN);
  }

  /** Spring Boot and Spring's web stack only in the gateway, and in standalone, which starts it. */
  @Test
  void springBootOnlyInTheGateway() {
    ArchRule rule =
        noClasses()
            .that()
            .resideOutsideOfPackages("io.tork.gateway..", "io.tork.standalone..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "org.springframework.boot..",
                "org.springframework.web..",
                "org.springframework.kafka..",
                "org.springframework.security..");
    rule.check(MAIN);
  }

  /**
   * No two packages depend on each other, however indirectly. One known exception, left to the
   * gateway's own rework (issue 19, point 4): {@code gateway.security.GatewaySecurity} reads the
   * topics from {@code gateway.GatewaySettings}, the gateway's top package, which wires {@code
   * gateway.jobs}, which asks {@code gateway.security} who calls. Only that one dependency is
   * ignored; any other edge of the cycle, or any new cycle, fails.
   */
  @Test
  void noPackageCycles() {
    ArchRule rule =
        slices()
            .matching("io.tork.(**)")
            .should()
            .beFreeOfCycles()
            .ignoreDependency(
                name("io.tork.gateway.security.GatewaySecurity"),
                name("io.tork.gateway.GatewaySettings"));
    rule.check(MAIN);
  }

  private static String[] concat(String[] first, String[] second, String... rest) {
    String[] all = new String[first.length + second.length + rest.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    System.arraycopy(rest, 0, all, first.length + second.length, rest.length);
    return all;
  }
}
