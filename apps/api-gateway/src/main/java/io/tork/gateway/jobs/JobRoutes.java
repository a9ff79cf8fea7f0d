package io.tork.gateway.jobs;

import io.tork.gateway.core.JobCommands;
import io.tork.gateway.core.Views;
import io.tork.gateway.docs.AdminDocs;
import io.tork.gateway.docs.ApiDocs;
import io.tork.kafka.Health;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springdoc.core.fn.builders.operation.Builder;
import org.springdoc.webflux.core.fn.SpringdocRouteBuilder;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The job API, under Tork's plural paths and the seed's singular ones alike. */
public final class JobRoutes {
  private JobRoutes() {}

  /**
   * @param publisher where submissions and commands go
   * @param views what the routes read
   * @param health the process's parts, which {@code /health} shows
   * @param documents where submitted documents are parsed
   */
  public static RouterFunction<ServerResponse> routes(
      JobCommands publisher,
      Views views,
      Duration catchUpTimeout,
      Health health,
      DocumentParsers documents) {
    Intake intake = new Intake(publisher, documents, Clock.systemUTC());
    ViewReads reads = new ViewReads(views, catchUpTimeout);
    JobHandler handler = new JobHandler(intake, views, reads);
    TaskHandler tasks = new TaskHandler(views, views, views, reads);
    ScheduledJobHandler schedules = new ScheduledJobHandler(intake, views, reads);
    HealthHandler status = new HealthHandler(health);
    // Tork's plural paths, and the seed's singular ones as aliases: each described (ApiDocs).
    SpringdocRouteBuilder routes = SpringdocRouteBuilder.route();
    withAlias(routes::POST, "/jobs", handler::submit, ApiDocs::submitJob, "submitJob");
    withAlias(routes::GET, "/jobs", handler::list, ApiDocs::listJobs, "listJobs");
    withAlias(routes::GET, "/jobs/{id}", handler::get, ApiDocs::getJob, "getJob");
    withAlias(routes::PUT, "/jobs/{id}/cancel", handler::cancel, ApiDocs::cancelJob, "cancelJob");
    routes.DELETE("/jobs/{id}", handler::delete, AdminDocs.deleteJob());
    withAlias(
        routes::PUT, "/jobs/{id}/restart", handler::restart, ApiDocs::restartJob, "restartJob");
    withAlias(routes::GET, "/jobs/{id}/tasks", tasks::jobTasks, ApiDocs::jobTasks, "jobTasks");
    withAlias(routes::GET, "/jobs/{id}/log", tasks::jobLog, ApiDocs::jobLog, "jobLog");
    withAlias(routes::GET, "/jobs/{id}/events", tasks::jobEvents, ApiDocs::jobEvents, "jobEvents");
    withAlias(routes::GET, "/tasks/{id}", tasks::get, ApiDocs::getTask, "getTask");
    withAlias(routes::GET, "/tasks/{id}/log", tasks::taskLog, ApiDocs::taskLog, "taskLog");
    return routes
        .POST("/scheduled-jobs", schedules::create, ApiDocs.createScheduledJob())
        .GET("/scheduled-jobs", schedules::list, ApiDocs.listScheduledJobs())
        .GET("/scheduled-jobs/{id}", schedules::get, ApiDocs.getScheduledJob())
        .PUT(
            "/scheduled-jobs/{id}/pause",
            schedules::pause,
            ApiDocs.scheduledJobCommand("pauseScheduledJob", "Pause a scheduled job"))
        .PUT(
            "/scheduled-jobs/{id}/resume",
            schedules::resume,
            ApiDocs.scheduledJobCommand("resumeScheduledJob", "Resume a paused scheduled job"))
        .DELETE(
            "/scheduled-jobs/{id}",
            schedules::delete,
            ApiDocs.scheduledJobCommand("deleteScheduledJob", "Delete a scheduled job"))
        .GET("/health", status::health, ApiDocs.health())
        .build();
  }

  /** One of the route builder's methods (GET, PUT, POST): adds a described route. */
  @FunctionalInterface
  private interface Method {
    SpringdocRouteBuilder add(
        String path, HandlerFunction<ServerResponse> handler, Consumer<Builder> docs);
  }

  /**
   * The route under Tork's plural path, described as {@code operationId}, and under the seed's
   * singular one as its alias.
   */
  private static void withAlias(
      Method method,
      String plural,
      HandlerFunction<ServerResponse> handler,
      Function<String, Consumer<Builder>> docs,
      String operationId) {
    method.add(plural, handler, docs.apply(operationId));
    String singular = plural.replaceFirst("s(?=/|$)", ""); // /jobs/{id} -> /job/{id}
    method.add(singular, handler, ApiDocs.alias(docs.apply(""), operationId + "Seed"));
  }
}
