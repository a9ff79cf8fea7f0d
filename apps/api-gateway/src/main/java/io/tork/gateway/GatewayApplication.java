package io.tork.gateway;

import io.tork.gateway.jobs.JobRoutes;
import io.tork.gateway.kafka.JobViews;
import io.tork.gateway.kafka.KafkaJobPublisher;
import io.tork.gateway.kafka.NodeViews;
import io.tork.gateway.kafka.QueueStats;
import io.tork.gateway.metrics.MetricsRoutes;
import io.tork.gateway.nodes.NodeRoutes;
import io.tork.gateway.ui.UiRoutes;
import io.tork.model.JobIds;
import io.tork.model.kafka.HeartbeatPublisher;
import java.time.Clock;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The REST API: Spring WebFlux at the edge, Kafka behind it. */
@SpringBootApplication
@EnableConfigurationProperties(GatewaySettings.class)
public class GatewayApplication {

  public static void main(String[] args) {
    SpringApplication.run(GatewayApplication.class, args);
  }

  @Bean(destroyMethod = "close")
  KafkaJobPublisher jobPublisher(GatewaySettings settings) {
    return new KafkaJobPublisher(settings.bootstrapServers(), settings.topics());
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  JobViews jobViews(GatewaySettings settings) {
    return new JobViews(settings.bootstrapServers(), settings.topics());
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  NodeViews nodeViews(GatewaySettings settings) {
    return new NodeViews(settings.bootstrapServers(), settings.topics());
  }

  @Bean(destroyMethod = "close")
  QueueStats queueStats(GatewaySettings settings) {
    return new QueueStats(settings.bootstrapServers(), settings.topics());
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  HeartbeatPublisher gatewayHeartbeats(GatewaySettings settings) {
    return new HeartbeatPublisher(
        settings.bootstrapServers(),
        settings.topics(),
        "gateway-" + JobIds.random().substring(0, 12),
        "gateway",
        Map.of(),
        () -> 0,
        settings.heartbeatInterval(),
        Clock.systemUTC());
  }

  @Bean
  RouterFunction<ServerResponse> nodeRoutes(
      NodeViews nodes, QueueStats queues, GatewaySettings settings) {
    return NodeRoutes.routes(nodes, queues, settings.nodeExpiry(), Clock.systemUTC());
  }

  @Bean
  RouterFunction<ServerResponse> jobRoutes(
      KafkaJobPublisher publisher, JobViews views, GatewaySettings settings) {
    return JobRoutes.routes(publisher, views, settings.catchUpTimeout());
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
