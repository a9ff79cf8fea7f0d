package io.tork.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tork.gateway.jobs.DocumentParsers;
import io.tork.gateway.jobs.JobRoutes;
import io.tork.gateway.kafka.JobViews;
import io.tork.gateway.kafka.KafkaJobPublisher;
import io.tork.gateway.kafka.MeteredFactories;
import io.tork.gateway.kafka.NodeViews;
import io.tork.gateway.kafka.QueueStats;
import io.tork.gateway.kafka.SpringKafkaClients;
import io.tork.gateway.metrics.GatewayMeters;
import io.tork.gateway.metrics.MetricsRoutes;
import io.tork.gateway.nodes.NodeRoutes;
import io.tork.gateway.nodes.QueueRoutes;
import io.tork.gateway.ui.UiRoutes;
import io.tork.kafka.Health;
import io.tork.kafka.HeartbeatPublisher;
import io.tork.kafka.KafkaClientFactory;
import io.tork.kafka.KafkaProbe;
import io.tork.model.JobIds;
import io.tork.model.Limits;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.WebExceptionHandler;

/** The REST API: Spring WebFlux at the edge, Kafka behind it. */
@SpringBootApplication(exclude = KafkaMetricsAutoConfiguration.class)
@EnableConfigurationProperties(GatewaySettings.class)
public class GatewayApplication {

  public static void main(String[] args) {
    SpringApplication.run(GatewayApplication.class, args);
  }

  /**
   * Every Kafka client of the gateway, from spring-kafka's factories as Spring Boot makes them from
   * {@code spring.kafka.*} (ADR 49).
   */
  @Bean
  KafkaClientFactory kafkaClients(
      ProducerFactory<?, ?> producers, ConsumerFactory<?, ?> consumers, KafkaAdmin admin) {
    return new SpringKafkaClients(producers, consumers, admin);
  }

  /**
   * Where the gateway's meters go: the process's registry, which the command (or standalone)
   * registers and serves on its metrics port; else one of its own.
   */
  @Bean
  @ConditionalOnMissingBean
  MeterRegistry meterRegistry() {
    return new SimpleMeterRegistry();
  }

  /** Every producer and consumer of those factories metered, as the other processes' are. */
  @Bean
  MeteredFactories meteredFactories(MeterRegistry registry) {
    return new MeteredFactories(registry);
  }

  @Bean
  @SuppressWarnings("unchecked")
  DefaultKafkaProducerFactoryCustomizer meteredProducers(MeteredFactories meters) {
    return factory -> ((DefaultKafkaProducerFactory<Object, Object>) factory).addListener(meters);
  }

  @Bean
  @SuppressWarnings("unchecked")
  DefaultKafkaConsumerFactoryCustomizer meteredConsumers(MeteredFactories meters) {
    return factory -> ((DefaultKafkaConsumerFactory<Object, Object>) factory).addListener(meters);
  }

  @Bean(destroyMethod = "close")
  @SuppressWarnings("unchecked")
  KafkaJobPublisher jobPublisher(
      ProducerFactory<?, ?> producers, GatewaySettings settings, ObjectProvider<Limits> limits) {
    return new KafkaJobPublisher(
        (ProducerFactory<String, byte[]>) producers,
        settings.topics(),
        limits.getIfAvailable(() -> Limits.DEFAULTS));
  }

  /**
   * The parts of this process, which {@code /health} shows. Standalone registers its own, shared
   * with the scheduler and the worker, before the context starts.
   */
  @Bean
  @ConditionalOnMissingBean
  Health health() {
    return new Health();
  }

  /** Whether the cluster answers: part "kafka" of {@code /health}. */
  @Bean(destroyMethod = "close")
  KafkaProbe kafkaProbe(KafkaClientFactory kafka, Health health) {
    return new KafkaProbe(kafka, health, Duration.ofSeconds(5));
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  JobViews jobViews(GatewaySettings settings, KafkaClientFactory kafka, Health health) {
    return new JobViews(
        new JobViews.Settings(
            kafka,
            settings.topics(),
            settings.stateDir(),
            settings.jobRetention(),
            settings.logRetention()),
        health);
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  NodeViews nodeViews(GatewaySettings settings, KafkaClientFactory kafka, Health health) {
    return new NodeViews(kafka, settings.topics(), health);
  }

  /**
   * Documents within the process's limits (standalone registers its own) and the workers' rules.
   */
  @Bean(destroyMethod = "close")
  DocumentParsers documentParsers(GatewaySettings settings, ObjectProvider<Limits> limits) {
    return new DocumentParsers(settings.taskPolicy(), limits.getIfAvailable(() -> Limits.DEFAULTS));
  }

  @Bean(destroyMethod = "close")
  QueueStats queueStats(GatewaySettings settings, KafkaClientFactory kafka) {
    return new QueueStats(kafka, settings.topics());
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  HeartbeatPublisher gatewayHeartbeats(GatewaySettings settings, KafkaClientFactory kafka) {
    return new HeartbeatPublisher(
        kafka.producer(HeartbeatPublisher.PRODUCER_CONFIG),
        settings.topics(),
        "gateway-" + JobIds.random().substring(0, 12),
        "gateway",
        Map.of(),
        () -> 0,
        settings.heartbeatInterval(),
        Clock.systemUTC());
  }

  /** Ahead of Spring Boot's error handler (order -1): every error answers {@code {"message"}}. */
  @Bean
  @Order(-2)
  WebExceptionHandler apiErrors(
      List<RouterFunction<ServerResponse>> routes, GatewaySettings settings) {
    return new ApiErrorHandler(routes, settings.maxBodySize().toBytes());
  }

  /** The request body limit, for every reader of a body (a larger one is answered 413). */
  @Bean
  WebFluxConfigurer bodyLimit(GatewaySettings settings) {
    return new WebFluxConfigurer() {
      @Override
      public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
        configurer.defaultCodecs().maxInMemorySize((int) settings.maxBodySize().toBytes());
      }
    };
  }

  @Bean
  RouterFunction<ServerResponse> nodeRoutes(
      NodeViews nodes, QueueStats queues, JobViews views, GatewaySettings settings) {
    return NodeRoutes.routes(nodes, queues, views, settings.nodeExpiry(), Clock.systemUTC());
  }

  @Bean
  RouterFunction<ServerResponse> queueRoutes(
      QueueStats queues, JobViews views, KafkaJobPublisher publisher, GatewaySettings settings) {
    return new QueueRoutes(
            queues, views, views, publisher, settings.catchUpTimeout(), Clock.systemUTC())
        .routes();
  }

  /**
   * Documents are validated within the process's {@link Limits}: the ones the host registered as a
   * bean (standalone shares its own), else the defaults.
   */
  @Bean
  RouterFunction<ServerResponse> jobRoutes(
      KafkaJobPublisher publisher,
      JobViews views,
      GatewaySettings settings,
      Health health,
      DocumentParsers documents) {
    return JobRoutes.routes(publisher, views, settings.catchUpTimeout(), health, documents);
  }

  /** {@code tork_queue_size} and {@code tork_nodes}, from what this gateway knows. */
  @Bean(destroyMethod = "close")
  GatewayMeters gatewayMeters(
      JobViews views,
      NodeViews nodes,
      QueueStats queues,
      MeterRegistry registry,
      GatewaySettings settings) {
    GatewayMeters meters =
        new GatewayMeters(views, nodes, queues, registry, settings.nodeExpiry(), Clock.systemUTC());
    meters.start(Duration.ofSeconds(5));
    return meters;
  }

  @Bean
  RouterFunction<ServerResponse> metricsRoutes(
      JobViews views, NodeViews nodes, GatewaySettings settings) {
    return MetricsRoutes.routes(views, nodes, settings.nodeExpiry(), Clock.systemUTC());
  }

  @Bean
  RouterFunction<ServerResponse> uiRoutes() {
    return UiRoutes.routes();
  }
}
