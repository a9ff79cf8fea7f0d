package io.tork.gateway.docs;

import static org.springdoc.core.fn.builders.apiresponse.Builder.responseBuilder;
import static org.springdoc.core.fn.builders.arrayschema.Builder.arraySchemaBuilder;
import static org.springdoc.core.fn.builders.content.Builder.contentBuilder;
import static org.springdoc.core.fn.builders.parameter.Builder.parameterBuilder;
import static org.springdoc.core.fn.builders.requestbody.Builder.requestBodyBuilder;
import static org.springdoc.core.fn.builders.schema.Builder.schemaBuilder;

import io.swagger.v3.oas.annotations.enums.ParameterIn;
import java.util.function.Consumer;
import org.springdoc.core.fn.builders.operation.Builder;

/** The pieces {@link ApiDocs} describes the routes with: ids, bodies, answers, parameters. */
final class DocParts {
  private static final String JSON = "application/json";

  private DocParts() {}

  static Consumer<Builder> withJob(Consumer<Builder> operation) {
    return withId("job", operation);
  }

  /** A read of one thing by id: 404 when there is none, 503 while the view loads. */
  static Consumer<Builder> withId(String what, Consumer<Builder> operation) {
    return ops -> {
      operation.accept(ops);
      ops.parameter(
              parameterBuilder()
                  .name("id")
                  .in(ParameterIn.PATH)
                  .required(true)
                  .description("The " + what + "'s id (32 hex digits)")
                  .schema(schemaBuilder().type("string").pattern("[0-9a-f]{32}")))
          .response(error("404", "No " + what + " has this id"))
          .response(error("503", "The view is still loading"));
    };
  }

  static org.springdoc.core.fn.builders.requestbody.Builder document(String description) {
    var body = requestBodyBuilder().required(true).description(description + " (YAML or JSON)");
    for (String type : new String[] {"text/yaml", "application/x-yaml", JSON}) {
      body.content(
          contentBuilder()
              .mediaType(type)
              .schema(schemaBuilder().implementation(Schemas.JobDocument.class)));
    }
    return body;
  }

  static org.springdoc.core.fn.builders.apiresponse.Builder ok(
      String description, Class<?> schema) {
    return responseBuilder().responseCode("200").description(description).content(json(schema));
  }

  static org.springdoc.core.fn.builders.apiresponse.Builder error(
      String status, String description) {
    return responseBuilder()
        .responseCode(status)
        .description(description)
        .content(json(Schemas.Error.class));
  }

  static org.springdoc.core.fn.builders.content.Builder json(Class<?> schema) {
    return contentBuilder().mediaType(JSON).schema(schemaBuilder().implementation(schema));
  }

  static org.springdoc.core.fn.builders.content.Builder jsonArray(Class<?> items) {
    return contentBuilder()
        .mediaType(JSON)
        .array(arraySchemaBuilder().schema(schemaBuilder().implementation(items)));
  }

  static org.springdoc.core.fn.builders.parameter.Builder query(String name, String description) {
    return parameterBuilder()
        .name(name)
        .in(ParameterIn.QUERY)
        .description(description)
        .schema(schemaBuilder().type("string"));
  }

  static org.springdoc.core.fn.builders.parameter.Builder page() {
    return parameterBuilder()
        .name("page")
        .in(ParameterIn.QUERY)
        .description("From 1")
        .schema(schemaBuilder().type("integer").minimum("1").defaultValue("1"));
  }

  static org.springdoc.core.fn.builders.parameter.Builder size() {
    return parameterBuilder()
        .name("size")
        .in(ParameterIn.QUERY)
        .description("Items per page (each list has its own maximum; over it is a 400)")
        .schema(schemaBuilder().type("integer").minimum("1"));
  }
}
