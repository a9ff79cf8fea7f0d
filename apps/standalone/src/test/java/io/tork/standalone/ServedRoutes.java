package io.tork.standalone;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * Every route the gateway's router functions serve, as {@code "GET /jobs/{id}"}: read from the
 * functions themselves (Spring's visitors), so that a route added anywhere shows here. A route of
 * static resources (the web UI's files) is {@code "GET /ui/{file}"}; a predicate this cannot read
 * is {@code "? <predicate>"}, which no description has.
 */
final class ServedRoutes {
  private ServedRoutes() {}

  static Set<String> of(ApplicationContext context) {
    Set<String> routes = new TreeSet<>();
    for (RouterFunction<?> function : context.getBeansOfType(RouterFunction.class).values()) {
      function.accept(new Routes(routes));
    }
    return routes;
  }

  private static final class Routes implements RouterFunctions.Visitor {
    private final Set<String> out;

    Routes(Set<String> out) {
      this.out = out;
    }

    @Override
    public void startNested(RequestPredicate predicate) {
      out.add("? nested " + predicate);
    }

    @Override
    public void endNested(RequestPredicate predicate) {}

    @Override
    public void route(RequestPredicate predicate, HandlerFunction<?> handler) {
      Parts parts = new Parts();
      predicate.accept(parts);
      if (parts.unknown || parts.methods.isEmpty() || parts.paths.isEmpty()) {
        out.add("? " + predicate);
        return;
      }
      for (String method : parts.methods) {
        for (String path : parts.paths) {
          out.add(method + " " + path);
        }
      }
    }

    @Override
    public void resources(Function<ServerRequest, Mono<Resource>> lookup) {
      out.add("GET /ui/{file}");
    }

    @Override
    public void attributes(Map<String, Object> attributes) {}

    @Override
    public void unknown(RouterFunction<?> function) {
      out.add("? " + function);
    }
  }

  /** The methods and paths a predicate names; {@code unknown} for anything else in it. */
  private static final class Parts implements RequestPredicates.Visitor {
    final List<String> methods = new ArrayList<>();
    final List<String> paths = new ArrayList<>();
    boolean unknown;

    @Override
    public void method(Set<HttpMethod> set) {
      set.forEach(m -> methods.add(m.name()));
    }

    @Override
    public void path(String pattern) {
      paths.add(pattern);
    }

    @Override
    public void pathExtension(String extension) {
      unknown = true;
    }

    @Override
    public void header(String name, String value) {}

    @Override
    public void version(String version) {}

    @Override
    public void queryParam(String name, String value) {}

    @Override
    public void startAnd() {}

    @Override
    public void and() {}

    @Override
    public void endAnd() {}

    @Override
    public void startOr() {}

    @Override
    public void or() {}

    @Override
    public void endOr() {}

    @Override
    public void startNegate() {
      unknown = true;
    }

    @Override
    public void endNegate() {}

    @Override
    public void unknown(RequestPredicate predicate) {
      unknown = true;
    }
  }
}
