package io.tork.gateway.jobs;

import io.tork.gateway.core.JobCommands;
import io.tork.gateway.core.Views;
import io.tork.gateway.docs.AdminDocs;
import io.tork.gateway.docs.ApiDocs;
import io.tork.kafka.Health;
import java.time.Clock;
import java.time.Duration;
import org.springdoc.webflux.core.fn.SpringdocRouteBuilder;
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
    JobHandler handler =
        new JobHandler(publisher, views, catchUpTimeout, Clock.systemUTC(), documents);
    TaskHandler tasks = new TaskHandler(views, views, views, catchUpTimeout);
    ScheduledJobHandler schedules =
        new ScheduledJobHandler(publisher, views, catchUpTimeout, Clock.systemUTC(), documents);
    HealthHandler status = new HealthHandler(health);
    // Tork's plural paths, and the seed's singular ones as aliases: each described (ApiDocs).
    return SpringdocRouteBuilder.route()
        .POST("/jobs", handler::submit, ApiDocs.submitJob("submitJob"))
        .POST("/job", handler::submit, ApiDocs.alias(ApiDocs.submitJob(""), "submitJobSeed"))
        .GET("/jobs", handler::list, ApiDocs.listJobs("listJobs"))
        .GET("/job", handler::list, ApiDocs.alias(ApiDocs.listJobs(""), "listJobsSeed"))
        .GET("/jobs/{id}", handler::get, ApiDocs.getJob("getJob"))
        .GET("/job/{id}", handler::get, ApiDocs.alias(ApiDocs.getJob(""), "getJobSeed"))
        .PUT("/jobs/{id}/cancel", handler::cancel, ApiDocs.cancelJob("cancelJob"))
        .PUT(
            "/job/{id}/cancel",
            handler::cancel,
            ApiDocs.alias(ApiDocs.cancelJob(""), "cancelJobSeed"))
        .DELETE("/jobs/{id}", handler::delete, AdminDocs.deleteJob())
        .PUT("/jobs/{id}/restart", handler::restart, ApiDocs.restartJob("restartJob"))
        .PUT(
            "/job/{id}/restart",
            handler::restart,
            ApiDocs.alias(ApiDocs.restartJob(""), "restartJobSeed"))
        .GET("/jobs/{id}/tasks", tasks::jobTasks, ApiDocs.jobTasks("jobTasks"))
        .GET(
            "/job/{id}/tasks", tasks::jobTasks, ApiDocs.alias(ApiDocs.jobTasks(""), "jobTasksSeed"))
        .GET("/jobs/{id}/log", tasks::jobLog, ApiDocs.jobLog("jobLog"))
        .GET("/job/{id}/log", tasks::jobLog, ApiDocs.alias(ApiDocs.jobLog(""), "jobLogSeed"))
        .GET("/jobs/{id}/events", tasks::jobEvents, ApiDocs.jobEvents("jobEvents"))
        .GET(
            "/job/{id}/events",
            tasks::jobEvents,
            ApiDocs.alias(ApiDocs.jobEvents(""), "jobEventsSeed"))
        .GET("/tasks/{id}", tasks::get, ApiDocs.getTask("getTask"))
        .GET("/task/{id}", tasks::get, ApiDocs.alias(ApiDocs.getTask(""), "getTaskSeed"))
        .GET("/tasks/{id}/log", tasks::taskLog, ApiDocs.taskLog("taskLog"))
        .GET("/task/{id}/log", tasks::taskLog, ApiDocs.alias(ApiDocs.taskLog(""), "taskLogSeed"))
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
}
