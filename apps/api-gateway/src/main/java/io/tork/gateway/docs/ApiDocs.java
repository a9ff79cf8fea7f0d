package io.tork.gateway.docs;

import static io.tork.gateway.docs.DocParts.document;
import static io.tork.gateway.docs.DocParts.error;
import static io.tork.gateway.docs.DocParts.json;
import static io.tork.gateway.docs.DocParts.jsonArray;
import static io.tork.gateway.docs.DocParts.ok;
import static io.tork.gateway.docs.DocParts.page;
import static io.tork.gateway.docs.DocParts.query;
import static io.tork.gateway.docs.DocParts.size;
import static io.tork.gateway.docs.DocParts.withId;
import static io.tork.gateway.docs.DocParts.withJob;
import static org.springdoc.core.fn.builders.apiresponse.Builder.responseBuilder;
import static org.springdoc.core.fn.builders.content.Builder.contentBuilder;
import static org.springdoc.core.fn.builders.parameter.Builder.parameterBuilder;
import static org.springdoc.core.fn.builders.requestbody.Builder.requestBodyBuilder;
import static org.springdoc.core.fn.builders.schema.Builder.schemaBuilder;

import io.swagger.v3.oas.annotations.enums.ParameterIn;
import java.util.function.Consumer;
import org.springdoc.core.fn.builders.operation.Builder;

/**
 * What each route of the API takes and answers, for its OpenAPI description ({@code /v3/api-docs},
 * Swagger UI at {@code /swagger-ui.html}). The routes attach these as they are declared
 * (springdoc's functional DSL), so a route and its description sit side by side; {@code
 * StandaloneIT} fails on a served path that has none.
 */
public final class ApiDocs {
  private static final String JSON = "application/json";
  private static final String EVENTS = "text/event-stream";

  private ApiDocs() {}

  /** The operation of a seed's singular path ({@code /job}): the plural one's, under its own id. */
  public static Consumer<Builder> alias(Consumer<Builder> plural, String operationId) {
    return ops -> {
      plural.accept(ops);
      ops.operationId(operationId).description("The seed's singular path; the same as the plural.");
    };
  }

  public static Consumer<Builder> submitJob(String operationId) {
    return ops ->
        ops.operationId(operationId)
            .tag("jobs")
            .summary("Submit a job")
            .description(
                "Validates the document (within the engine's limits and the workers' task policy),"
                    + " produces it as received to the jobs topic and answers the PENDING job; with"
                    + " wait: {timeout} in the document, the job once it ended.")
            .requestBody(document("The job document"))
            .response(ok("The job, PENDING (or ended, with wait)", Schemas.Job.class))
            .response(error("400", "The document is not a valid job (the field and the problem)"))
            .response(error("408", "wait: the job did not end within its timeout"))
            .response(error("413", "The body is over --max-body-size"))
            .response(error("503", "Kafka cannot take the job now, or the parsers are busy"));
  }

  public static Consumer<Builder> listJobs(String operationId) {
    return ops ->
        ops.operationId(operationId)
            .tag("jobs")
            .summary("List jobs, newest first")
            .parameter(query("q", "Words the job's name, tags or state contain"))
            .parameter(page())
            .parameter(size())
            .response(ok("A page of jobs", Schemas.JobPage.class))
            .response(error("400", "page or size out of range"))
            .response(error("503", "The view is still loading"));
  }

  public static Consumer<Builder> getJob(String operationId) {
    return withJob(
        ops ->
            ops.operationId(operationId)
                .tag("jobs")
                .summary("A job, with its first task records")
                .response(ok("The job", Schemas.Job.class)));
  }

  public static Consumer<Builder> cancelJob(String operationId) {
    return withJob(
        ops ->
            ops.operationId(operationId)
                .tag("jobs")
                .summary("Cancel a running job")
                .response(ok("Cancellation sent", Schemas.Status.class))
                .response(error("400", "The job is not running")));
  }

  public static Consumer<Builder> restartJob(String operationId) {
    return withJob(
        ops ->
            ops.operationId(operationId)
                .tag("jobs")
                .summary("Restart a failed or cancelled job from where it stopped")
                .response(ok("Restart sent", Schemas.Status.class))
                .response(error("400", "The job cannot be restarted (its state says why)")));
  }

  public static Consumer<Builder> jobTasks(String operationId) {
    return withJob(
        ops ->
            ops.operationId(operationId)
                .tag("tasks")
                .summary("Every task record of a job, in creation order")
                .parameter(page())
                .parameter(size())
                .response(ok("A page of task records", Schemas.TaskPage.class))
                .response(error("400", "page or size out of range")));
  }

  public static Consumer<Builder> jobLog(String operationId) {
    return withJob(
        ops ->
            ops.operationId(operationId)
                .tag("tasks")
                .summary("A job's log, over all its tasks")
                .parameter(query("q", "Only parts whose lines contain this"))
                .parameter(page())
                .parameter(size())
                .response(ok("A page of log parts", Schemas.LogPage.class))
                .response(error("400", "page or size out of range")));
  }

  public static Consumer<Builder> jobEvents(String operationId) {
    return withJob(
        ops ->
            ops.operationId(operationId)
                .tag("jobs")
                .summary("The job's and its tasks' state changes, live, until the job ends")
                .response(
                    responseBuilder()
                        .responseCode("200")
                        .description("Server-sent events: each data line a job or a task")
                        .content(contentBuilder().mediaType(EVENTS))));
  }

  public static Consumer<Builder> getTask(String operationId) {
    return withId(
        "task",
        ops ->
            ops.operationId(operationId)
                .tag("tasks")
                .summary("A task record")
                .response(ok("The task record", Schemas.Task.class)));
  }

  public static Consumer<Builder> taskLog(String operationId) {
    return withId(
        "task",
        ops ->
            ops.operationId(operationId)
                .tag("tasks")
                .summary("A task's log, newest first; or followed live")
                .parameter(query("q", "Only parts whose lines contain this"))
                .parameter(page())
                .parameter(size())
                .parameter(
                    parameterBuilder()
                        .name("follow")
                        .in(ParameterIn.QUERY)
                        .description("true: the lines as they come, as server-sent events")
                        .schema(schemaBuilder().type("boolean").defaultValue("false")))
                .response(
                    responseBuilder()
                        .responseCode("200")
                        .description("A page of log parts; with follow, server-sent events")
                        .content(
                            contentBuilder()
                                .mediaType(JSON)
                                .schema(schemaBuilder().implementation(Schemas.LogPage.class)))
                        .content(contentBuilder().mediaType(EVENTS)))
                .response(error("400", "page or size out of range")));
  }

  public static Consumer<Builder> createScheduledJob() {
    return ops ->
        ops.operationId("createScheduledJob")
            .tag("scheduled-jobs")
            .summary("Schedule a job: a document with schedule: {cron}")
            .requestBody(document("The scheduled job's document"))
            .response(ok("The scheduled job, ACTIVE", Schemas.ScheduledJob.class))
            .response(error("400", "Not a valid scheduled job (the field and the problem)"))
            .response(error("413", "The body is over --max-body-size"))
            .response(error("503", "Kafka cannot take it now, or the parsers are busy"));
  }

  public static Consumer<Builder> listScheduledJobs() {
    return ops ->
        ops.operationId("listScheduledJobs")
            .tag("scheduled-jobs")
            .summary("List scheduled jobs")
            .parameter(page())
            .parameter(size())
            .response(ok("A page of scheduled jobs", Schemas.ScheduledJobPage.class))
            .response(error("400", "page or size out of range"));
  }

  public static Consumer<Builder> getScheduledJob() {
    return withId(
        "scheduled job",
        ops ->
            ops.operationId("getScheduledJob")
                .tag("scheduled-jobs")
                .summary("A scheduled job, with its document")
                .response(ok("The scheduled job", Schemas.ScheduledJob.class)));
  }

  /** pause, resume or delete. */
  public static Consumer<Builder> scheduledJobCommand(String operationId, String summary) {
    return withId(
        "scheduled job",
        ops ->
            ops.operationId(operationId)
                .tag("scheduled-jobs")
                .summary(summary)
                .response(ok("Sent", Schemas.Status.class))
                .response(error("400", "Not in a state that allows it"))
                .response(error("503", "Kafka cannot take the command now")));
  }

  public static Consumer<Builder> health() {
    return ops ->
        ops.operationId("health")
            .tag("operations")
            .summary("Whether every part of this gateway's process is up")
            .response(ok("UP", Schemas.Health.class))
            .response(
                responseBuilder()
                    .responseCode("503")
                    .description("DOWN: the parts that are not up, and why")
                    .content(json(Schemas.Health.class)));
  }

  public static Consumer<Builder> nodes(String operationId) {
    return ops ->
        ops.operationId(operationId)
            .tag("nodes")
            .summary("The nodes heard from in the last 5 minutes")
            .response(
                responseBuilder()
                    .responseCode("200")
                    .description("Schedulers, gateways and workers, UP or OFFLINE")
                    .content(jsonArray(Schemas.Node.class)));
  }

  public static Consumer<Builder> queues() {
    return ops ->
        ops.operationId("listQueues")
            .tag("nodes")
            .summary("The queues, their tasks waiting and their workers")
            .response(
                responseBuilder()
                    .responseCode("200")
                    .description("Every queue Kafka has")
                    .content(jsonArray(Schemas.Queue.class)))
            .response(error("500", "Kafka could not be asked"));
  }

  public static Consumer<Builder> metrics() {
    return ops ->
        ops.operationId("metrics")
            .tag("operations")
            .summary(
                "Running jobs and tasks, nodes online (Tork's JSON; Prometheus text is on"
                    + " --metrics-port)")
            .response(ok("The counts", Schemas.Metrics.class));
  }

  public static Consumer<Builder> createUser() {
    return ops ->
        ops.operationId("createUser")
            .tag("users")
            .summary("Make a user, who then signs in with HTTP Basic (admins only)")
            .requestBody(
                requestBodyBuilder()
                    .required(true)
                    .content(
                        contentBuilder()
                            .mediaType(JSON)
                            .schema(schemaBuilder().implementation(Schemas.NewUser.class))))
            .response(ok("The user", Schemas.User.class))
            .response(
                error("400", "A field and its problem, a user that exists, or authentication off"))
            .response(error("401", "No or wrong credentials"))
            .response(error("403", "Not an admin"));
  }

  public static Consumer<Builder> listUsers() {
    return ops ->
        ops.operationId("listUsers")
            .tag("users")
            .summary("Every user, by username (admins only)")
            .response(
                responseBuilder()
                    .responseCode("200")
                    .description("The users")
                    .content(jsonArray(Schemas.User.class)))
            .response(error("401", "No or wrong credentials"))
            .response(error("403", "Not an admin"));
  }

  public static Consumer<Builder> deleteUser() {
    return ops ->
        ops.operationId("deleteUser")
            .tag("users")
            .summary("Delete a user (admins only)")
            .parameter(
                parameterBuilder()
                    .name("username")
                    .in(ParameterIn.PATH)
                    .required(true)
                    .schema(schemaBuilder().type("string")))
            .response(ok("Deleted", Schemas.Status.class))
            .response(error("401", "No or wrong credentials"))
            .response(error("403", "Not an admin"))
            .response(error("404", "No user has this username"));
  }

  public static Consumer<Builder> toTheUi(String operationId) {
    return ops ->
        ops.operationId(operationId)
            .tag("ui")
            .summary("The web UI")
            .response(responseBuilder().responseCode("307").description("To /ui/"));
  }

  public static Consumer<Builder> uiExamples() {
    return ops ->
        ops.operationId("uiExamples")
            .tag("ui")
            .summary("The examples the web UI's editor starts from")
            .response(
                responseBuilder()
                    .responseCode("200")
                    .description("The paths of the files of examples/, sorted")
                    .content(jsonArray(String.class)));
  }
}
