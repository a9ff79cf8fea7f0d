package io.tork.gateway.ui;

import io.tork.gateway.docs.ApiDocs;
import io.tork.model.codec.ApiJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.springdoc.webflux.core.fn.SpringdocRouteBuilder;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.webjars.WebJarVersionLocator;
import reactor.core.publisher.Mono;

/**
 * The web UI, from the classpath: {@code /ui/**} is a file of {@code ui/} when there is one, its
 * library under {@code /ui/vendor/lit-html/} (the webjar, whatever its version), the examples the
 * editor starts from at {@code /ui/examples.json}, and any other path without a file extension is
 * {@code index.html}, so that a deep link such as {@code /ui/jobs/ID} loads the app, which routes
 * itself. {@code /} and {@code /ui} lead to {@code /ui/}.
 */
public final class UiRoutes {
  /** Everything the UI loads comes from this server: no inline script, no other origin. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
          + " frame-ancestors 'none'";

  private static final String LIBRARY = "lit-html";
  private static final String EXAMPLES = "ui/examples/";

  private UiRoutes() {}

  public static RouterFunction<ServerResponse> routes() {
    String version = new WebJarVersionLocator().version(LIBRARY);
    if (version == null) {
      throw new IllegalStateException("the web UI's library (webjar " + LIBRARY + ") is missing");
    }
    Function<ServerRequest, Mono<Resource>> library =
        RouterFunctions.resourceLookupFunction(
            "/ui/vendor/" + LIBRARY + "/**",
            new ClassPathResource(
                WebJarVersionLocator.WEBJARS_PATH_PREFIX + "/" + LIBRARY + "/" + version + "/"));
    Function<ServerRequest, Mono<Resource>> files =
        RouterFunctions.resourceLookupFunction("/ui/**", new ClassPathResource("ui/"));
    Resource index = new ClassPathResource("ui/index.html");
    byte[] examples = ApiJson.write(examples());
    Function<ServerRequest, Mono<Resource>> lookup =
        request -> {
          String path = request.path();
          if (path.startsWith("/ui/vendor/")) {
            return library.apply(request);
          }
          if (!path.startsWith("/ui/")) {
            return Mono.empty();
          }
          return files
              .apply(request)
              .switchIfEmpty(Mono.fromSupplier(() -> isPage(path) ? index : null));
        };
    return SpringdocRouteBuilder.route()
        .GET("/", request -> toTheUi(), ApiDocs.toTheUi("root"))
        .GET("/ui", request -> toTheUi(), ApiDocs.toTheUi("ui"))
        .GET(
            "/ui/examples.json",
            request ->
                ServerResponse.ok()
                    .contentType(MediaType.APPLICATION_JSON)
                    .headers(UiRoutes::common)
                    .bodyValue(examples),
            ApiDocs.uiExamples())
        .build()
        // The UI's own files: described as /ui/{file} (ApiDocs.UI_FILES).
        .and(RouterFunctions.route().resources(lookup, UiRoutes::headers).build());
  }

  /** A path the app routes itself: its last segment names no file. */
  static boolean isPage(String path) {
    String last = path.substring(path.lastIndexOf('/') + 1);
    return !last.contains(".");
  }

  private static Mono<ServerResponse> toTheUi() {
    return ServerResponse.temporaryRedirect(URI.create("/ui/")).build();
  }

  private static void headers(Resource resource, HttpHeaders headers) {
    common(headers);
    if (String.valueOf(resource.getFilename()).endsWith(".html")) {
      headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
      headers.set("Referrer-Policy", "no-referrer");
      headers.set("X-Frame-Options", "DENY");
    }
  }

  private static void common(HttpHeaders headers) {
    // Revalidate each time: files are small, and a new gateway must never serve an old app.
    headers.setCacheControl("no-cache");
    headers.set("X-Content-Type-Options", "nosniff");
  }

  /** The example documents shipped with the UI, by path under {@code examples/}, sorted. */
  static List<String> examples() {
    try {
      Resource[] found =
          new PathMatchingResourcePatternResolver().getResources("classpath*:" + EXAMPLES + "**/*");
      return Arrays.stream(found)
          .map(UiRoutes::relativePath)
          .filter(p -> p.endsWith(".yaml") || p.endsWith(".yml") || p.endsWith(".json"))
          .distinct()
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the UI's examples", e);
    }
  }

  private static String relativePath(Resource resource) {
    try {
      String url = resource.getURL().toString();
      int at = url.lastIndexOf(EXAMPLES);
      return at < 0 ? "" : url.substring(at + EXAMPLES.length());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
