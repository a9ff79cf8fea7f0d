package io.tork.gateway;

import io.tork.gateway.jobs.JobRoutes;
import io.tork.gateway.kafka.JobViews;
import io.tork.gateway.kafka.KafkaJobPublisher;
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

  @Bean
  RouterFunction<ServerResponse> jobRoutes(
      KafkaJobPublisher publisher, JobViews views, GatewaySettings settings) {
    return JobRoutes.routes(publisher, views, settings.catchUpTimeout());
  }
}
