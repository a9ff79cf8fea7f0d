package io.tork.gateway.jobs;

import static org.springframework.web.reactive.function.server.RequestPredicates.DELETE;
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.POST;
import static org.springframework.web.reactive.function.server.RequestPredicates.PUT;

import io.tork.gateway.kafka.JobViews;
import io.tork.gateway.kafka.KafkaJobPublisher;
import io.tork.model.Limits;
import io.tork.model.TaskPolicy;
import java.time.Clock;
import java.time.Duration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The job API, under Tork's plural paths and the seed's singular ones alike. */
public final class JobRoutes {
  private JobRoutes() {}

  public static RouterFunction<ServerResponse> routes(
      KafkaJobPublisher publisher, JobViews views, Duration catchUpTimeout) {
    return routes(publisher, views, catchUpTimeout, TaskPolicy.DEFAULT, Limits.DEFAULTS);
  }

  /**
   * @param policy what the workers let tasks name: a job naming anything else is answered 400
   * @param limits what documents are validated within
   */
  public static RouterFunction<ServerResponse> routes(
      KafkaJobPublisher publisher,
      JobViews views,
      Duration catchUpTimeout,
      TaskPolicy policy,
      Limits limits) {
    JobHandler handler =
        new JobHandler(publisher, views, catchUpTimeout, Clock.systemUTC(), policy, limits);
    TaskHandler tasks = new TaskHandler(views, catchUpTimeout);
    ScheduledJobHandler schedules =
        new ScheduledJobHandler(
            publisher, views, catchUpTimeout, Clock.systemUTC(), policy, limits);
    return RouterFunctions.route()
        .route(POST("/jobs").or(POST("/job")), handler::submit)
        .route(GET("/jobs").or(GET("/job")), handler::list)
        .route(GET("/jobs/{id}").or(GET("/job/{id}")), handler::get)
        .route(PUT("/jobs/{id}/cancel").or(PUT("/job/{id}/cancel")), handler::cancel)
        .route(PUT("/jobs/{id}/restart").or(PUT("/job/{id}/restart")), handler::restart)
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
        .route(GET("/health"), handler::health)
        .build();
  }
}
