package io.tork.gateway.docs;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;

/**
 * The description's front matter, and the one route the functional DSL cannot carry: the web UI's
 * own files under {@code /ui/}, served by a resource lookup.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {
  /** The path the web UI's files are described at. */
  static final String UI_FILES = "/ui/{file}";

  /**
   * Swagger UI's pages load only from this gateway, as the web UI's do ({@code UiRoutes}); its
   * styles are set inline by its script, hence {@code 'unsafe-inline'} for styles alone.
   */
  static final String SWAGGER_UI_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
          + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none';"
          + " form-action 'self'; frame-ancestors 'none'";

  @Bean
  WebFilter swaggerUiContentSecurityPolicy() {
    return (exchange, chain) -> {
      String path = exchange.getRequest().getPath().value();
      if (path.startsWith("/swagger-ui") || path.startsWith("/webjars/swagger-ui")) {
        exchange.getResponse().getHeaders().set("Content-Security-Policy", SWAGGER_UI_POLICY);
        exchange.getResponse().getHeaders().set("Referrer-Policy", "no-referrer");
        exchange.getResponse().getHeaders().set("X-Content-Type-Options", "nosniff");
      }
      return chain.filter(exchange);
    };
  }

  @Bean
  OpenApiCustomizer torkApiDescription() {
    return api -> {
      api.info(
          new Info()
              .title("tork-java REST API")
              .version("0.1.0")
              .description(
                  "Tork's REST API on Apache Kafka: submit jobs (YAML or JSON lists of container"
                      + " tasks), follow them, cancel and restart them, schedule them. Every error"
                      + " answers {\"message\": ...}. Prometheus metrics are on each process's"
                      + " --metrics-port, not here.")
              .license(new License().name("MIT")));
      // With authentication on (--api-key): an API key as a bearer token, or a user's password.
      Components components = api.getComponents() != null ? api.getComponents() : new Components();
      api.components(
          components
              .addSecuritySchemes(
                  "apiKey",
                  new SecurityScheme()
                      .type(SecurityScheme.Type.HTTP)
                      .scheme("bearer")
                      .description("An API key (--api-key): acts as an admin"))
              .addSecuritySchemes(
                  "user",
                  new SecurityScheme()
                      .type(SecurityScheme.Type.HTTP)
                      .scheme("basic")
                      .description("A user made with POST /users")));
      api.addSecurityItem(new SecurityRequirement().addList("apiKey"));
      api.addSecurityItem(new SecurityRequirement().addList("user"));
      api.path(
          UI_FILES,
          new PathItem()
              .get(
                  new Operation()
                      .operationId("uiFile")
                      .addTagsItem("ui")
                      .summary("A file of the web UI; any other path under /ui/ is its index.html")
                      .addParametersItem(
                          new PathParameter()
                              .name("file")
                              .required(true)
                              .schema(new StringSchema()))
                      .responses(
                          new ApiResponses()
                              .addApiResponse(
                                  "200",
                                  new ApiResponse()
                                      .description("The file")
                                      .content(
                                          new Content()
                                              .addMediaType("text/html", new MediaType())
                                              .addMediaType("text/javascript", new MediaType())
                                              .addMediaType("text/css", new MediaType()))))));
    };
  }
}
