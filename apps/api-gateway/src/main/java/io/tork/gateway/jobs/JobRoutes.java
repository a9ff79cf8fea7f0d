package io.tork.gateway.jobs;

import static org.springframework.web.reactive.function.server.RequestPredicates.DELETE;
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.POST;
import static org.springframework.web.reactive.function.server.RequestPredicates.PUT;

import io.tork.gateway.kafka.JobViews;
import io.tork.gateway.kafka.KafkaJobPublisher;
import io.tork.kafka.Health;
import java.time.Clock;
import java.time.Duration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The job API, under Tork's plural paths and the seed's singular ones alike. */
public final class JobRoutes {
  private JobRoutes() {}

  /** With the view's own health and a pool of document parsers of its own (tests). */
  public static RouterFunction<ServerResponse> routes(
      KafkaJobPublisher publisher, JobViews views, Duration catchUpTimeout) {
    return routes(publisher, views, catchUpTimeout, views.health(), new DocumentParsers());
  }

  /**
   * @param health the process's parts, which {@code /health} shows
   * @param documents where submitted documents are parsed
   */
  public static RouterFunction<ServerResponse> routes(
      KafkaJobPublisher publisher,
      JobViews views,
      Duration catchUpTimeout,
      Health health,
      DocumentParsers documents) {
    JobHandler handler =
        new JobHandler(publisher, views, catchUpTimeout, Clock.systemUTC(), documents);
    TaskHandler tasks = new TaskHandler(views, catchUpTimeout);
    ScheduledJobHandler schedules =
        new ScheduledJobHandler(publisher, views, catchUpTimeout, Clock.systemUTC(), documents);
    HealthHandler status = new HealthHandler(health);
    return RouterFunctions.route()
        .route(POST("/jobs").or(POST("/job")), handler::submit)
        .route(GET("/jobs").or(GET("/job")), handler::list)
        .route(GET("/jobs/{id}").or(GET("/job/{id}")), handler::get)
        .route(PUT("/jobs/{id}/cancel").or(PUT("/job/{id}/cancel")), handler::cancel)
        .route(PUT("/jobs/{id}/restart").or(PUT("/job/{id}/restart")), handler::restart)
        .route(GET("/jobs/{id}/tasks").or(GET("/job/{id}/tasks")), tasks::jobTasks)
        .route(GET("/jobs/{id}/log").or(GET("/job/{id}/log")), tasks::jobLog)
        .route(GET("/jobs/{id}/events").or(GET("/job/{id}/events")), tasks::jobEvents)
        .route(GET("/tasks/{id}").or(GET("/task/{id}")), tasks::get)
        .route(GET("/tasks/{id}/log").or(GET("/task/{id}/log")), tasks::taskLog)
        .route(POST("/scheduled-jobs"), schedules::create)
        .route(GET("/scheduled-jobs"), schedules::list)
        .route(GET("/scheduled-jobs/{id}"), schedules::get)
        .route(PUT("/scheduled-jobs/{id}/pause"), schedules::pause)
        .route(PUT("/scheduled-jobs/{id}/resume"), schedules::resume)
        .route(DELETE("/scheduled-jobs/{id}"), schedules::delete)
        .route(GET("/health"), status::health)
        .build();
  }
}
