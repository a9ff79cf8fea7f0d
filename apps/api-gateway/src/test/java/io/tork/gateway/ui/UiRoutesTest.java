package io.tork.gateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What the gateway serves under /ui/: files, the library, examples, and the app for pages. */
class UiRoutesTest {
  private final WebTestClient client =
      WebTestClient.bindToRouterFunction(UiRoutes.routes()).build();

  private String body(String path) {
    return client
        .get()
        .uri(path)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
  }

  @Test
  void theAppAndItsPagesAreIndexHtmlUnderAStrictPolicy() {
    for (String page : new String[] {"/ui/", "/ui/jobs", "/ui/jobs/0123abcd", "/ui/submit"}) {
      client
          .get()
          .uri(page)
          .exchange()
          .expectStatus()
          .isOk()
          .expectHeader()
          .contentTypeCompatibleWith(MediaType.TEXT_HTML)
          .expectHeader()
          .valueEquals("Content-Security-Policy", UiRoutes.CONTENT_SECURITY_POLICY)
          .expectHeader()
          .valueEquals("Cache-Control", "no-cache")
          .expectBody(String.class)
          .value(
              html -> assertThat(html).contains("<script type=\"module\" src=\"/ui/js/app.js\">"));
    }
  }

  @Test
  void scriptsStylesAndTheLibraryAreServedAsThemselves() {
    client
        .get()
        .uri("/ui/js/app.js")
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .value("Content-Type", type -> assertThat(type).contains("javascript"));
    assertThat(body("/ui/css/tork.css")).contains(":root");
    assertThat(body("/ui/vendor/lit-html/lit-html.js")).isNotEmpty();
    assertThat(body("/ui/vendor/lit-html/directives/style-map.js")).isNotEmpty();
  }

  @Test
  void aMissingFileIsA404NotTheApp() {
    client.get().uri("/ui/js/missing.js").exchange().expectStatus().isNotFound();
    client.get().uri("/ui/vendor/lit-html/nothing.js").exchange().expectStatus().isNotFound();
  }

  @Test
  void nothingOutsideTheUiFolderIsReachable() {
    for (String path :
        new String[] {
          "/ui/../application.properties",
          "/ui/%2e%2e/application.properties",
          "/ui/vendor/lit-html/../../../../../application.properties",
          "/ui/io/tork/gateway/ui/UiRoutes.class"
        }) {
      client
          .get()
          .uri(path)
          .exchange()
          .expectBody(String.class)
          .value(body -> assertThat(String.valueOf(body)).doesNotContain("spring.", "cafebabe"));
    }
  }

  @Test
  void theExamplesAreListedAndServed() {
    assertThat(body("/ui/examples.json")).contains("\"hello.yaml\"", "\"scheduled/");
    assertThat(body("/ui/examples/hello.yaml")).contains("name: hello job");
  }

  @Test
  void theRootAndUiLeadToTheApp() {
    for (String path : new String[] {"/", "/ui"}) {
      client
          .get()
          .uri(path)
          .exchange()
          .expectStatus()
          .isTemporaryRedirect()
          .expectHeader()
          .valueEquals("Location", "/ui/");
    }
  }

  @Test
  void aPageIsAPathWithoutAFileExtension() {
    assertThat(UiRoutes.isPage("/ui/")).isTrue();
    assertThat(UiRoutes.isPage("/ui/jobs/abc")).isTrue();
    assertThat(UiRoutes.isPage("/ui/js/app.js")).isFalse();
  }
}
