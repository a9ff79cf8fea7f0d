package io.tork.gateway.docs;

import static io.tork.gateway.docs.DocParts.error;
import static io.tork.gateway.docs.DocParts.ok;
import static io.tork.gateway.docs.DocParts.withJob;
import static org.springdoc.core.fn.builders.parameter.Builder.parameterBuilder;
import static org.springdoc.core.fn.builders.schema.Builder.schemaBuilder;

import io.swagger.v3.oas.annotations.enums.ParameterIn;
import java.util.function.Consumer;
import org.springdoc.core.fn.builders.operation.Builder;

/** The administration routes' descriptions: deleting a job, reading and deleting a queue. */
public final class AdminDocs {
  private AdminDocs() {}

  public static Consumer<Builder> deleteJob() {
    return withJob(
        ops ->
            ops.operationId("deleteJob")
                .tag("jobs")
                .summary("Delete an ended job with its tasks and logs")
                .response(
                    ok(
                        "Deletion sent: the job is gone from every view shortly",
                        Schemas.Status.class))
                .response(error("400", "The job has not ended: cancel it first"))
                .response(error("503", "Kafka cannot take the command now")));
  }

  public static Consumer<Builder> getQueue() {
    return withQueue(
        ops ->
            ops.operationId("getQueue")
                .tag("nodes")
                .summary("A queue, its tasks waiting and its workers")
                .response(ok("The queue", Schemas.Queue.class))
                .response(error("500", "Kafka could not be asked")));
  }

  public static Consumer<Builder> deleteQueue() {
    return withQueue(
        ops ->
            ops.operationId("deleteQueue")
                .tag("nodes")
                .summary(
                    "Fail the tasks waiting on a queue and their jobs (queue deleted); running"
                        + " tasks are not touched")
                .response(ok("Sent to the jobs' schedulers", Schemas.Status.class))
                .response(error("503", "Kafka cannot take the commands now")));
  }

  private static Consumer<Builder> withQueue(Consumer<Builder> operation) {
    return ops -> {
      operation.accept(ops);
      ops.parameter(
              parameterBuilder()
                  .name("name")
                  .in(ParameterIn.PATH)
                  .required(true)
                  .description("The queue's name")
                  .schema(schemaBuilder().type("string")))
          .response(error("404", "No queue has this name"));
    };
  }
}
