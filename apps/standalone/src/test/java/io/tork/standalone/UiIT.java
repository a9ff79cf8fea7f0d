package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

/**
 * The web UI in a real headless Chromium against the standalone engine (real broker, real Docker):
 * what a person sees and does. Each test ends with a screenshot under target/ui-screenshots/ that
 * must not be blank, and with no script error or policy violation in the page's console.
 *
 * <p>This engine runs with authentication off (loopback, no key); the sign-in, with a key and with
 * a user's password, is {@code AuthIT}'s, against an engine that asks for them.
 */
class UiIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  static final StandaloneEngine engine =
      StandaloneEngine.docker().requiring(Browser::requireChromium).checkNoContainersLeft();

  static final TorkApi api = engine.api();
  @TempDir Path profile;
  Browser browser;
  String name;

  @BeforeEach
  void openBrowser(TestInfo test) {
    name = test.getTestMethod().orElseThrow().getName();
    browser = Browser.open(engine.port(), profile);
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  private static void awaitJob(String id, String state) {
    api.awaitState(id, state, WAIT);
  }

  /** Waits for the app to show {@code css} (it renders after its first answers). */
  private WebElement awaitElement(String css) {
    return await().atMost(WAIT).until(() -> browser.first(css), e -> e != null);
  }

  private void awaitState(String css, String state) {
    await()
        .atMost(WAIT)
        .until(() -> browser.first(css + " .badge[data-state='" + state + "']") != null);
  }

  private void finish() throws Exception {
    browser.screenshot(name);
    assertThat(browser.consoleErrors()).as("console errors").isEmpty();
    assertThat(browser.foreignRequests()).as("requests to other origins").isEmpty();
  }

  @Test
  void theListShowsSubmittedJobsWithTheirStates() throws Exception {
    String completed = api.submitYaml(StandaloneIT.HELLO);
    String failed =
        api.submitYaml(
            """
            name: ui fails
            tasks:
            - name: exit one
              image: ubuntu:mantic
              run: exit 1
            """);
    awaitJob(completed, "COMPLETED");
    awaitJob(failed, "FAILED");

    browser.go("/ui/");
    awaitState("tr[data-job='" + completed + "']", "COMPLETED");
    awaitState("tr[data-job='" + failed + "']", "FAILED");
    assertThat(browser.text("tr[data-job='" + completed + "'] td.name")).contains("hello job");
    assertThat(browser.text("#card-nodes dd")).matches("[1-9][0-9]*");

    // The state filter keeps the failed one only.
    browser.go("/ui/jobs?state=FAILED");
    awaitElement("tr[data-job='" + failed + "']");
    assertThat(browser.first("tr[data-job='" + completed + "']")).isNull();

    // A phone's width: the same list, nothing wider than the screen.
    browser.resize(390, 844);
    browser.go("/ui/jobs");
    awaitElement("tr[data-job='" + failed + "']");
    assertThat((Long) browser.script("return document.documentElement.scrollWidth"))
        .isLessThanOrEqualTo((Long) browser.script("return window.innerWidth"));
    browser.screenshot(name + "-390px");
    finish();
  }

  @Test
  void aJobPageShowsItsTasksAndLiveLogLines() throws Exception {
    String id =
        api.submitYaml(
            """
            name: ui counts
            tasks:
            - name: count
              image: ubuntu:mantic
              run: |
                for i in 1 2 3 4 5; do echo "line $i"; sleep 1; done
            - name: after
              image: ubuntu:mantic
              run: echo -n done > $TORK_OUTPUT
            """);
    browser.go("/ui/jobs/" + id); // a deep link, loaded directly
    awaitElement("#tasks tr[data-task]");
    // While the task runs, its log grows on the page by itself.
    await()
        .atMost(WAIT)
        .until(() -> browser.text("#task-log pre"), text -> text.contains("line 2"));
    assertThat(browser.text("#job-state")).isEqualToIgnoringCase("running");
    assertThat(browser.first("#task-log .live")).isNotNull();
    await()
        .atMost(WAIT)
        .until(() -> browser.text("#task-log pre"), text -> text.contains("line 5"));
    awaitState("#job-state", "COMPLETED");
    assertThat(browser.all("#tasks tr[data-task]")).hasSize(2);
    assertThat(browser.all("#timeline .lane[data-task]")).hasSize(2);
    assertThat(browser.text("#tasks")).contains("count", "after", "done");
    finish();
  }

  @Test
  void aJobSubmittedFromTheEditorRuns() throws Exception {
    browser.go("/ui/submit");
    WebElement editor = awaitElement("#document");
    await().atMost(WAIT).until(() -> editor.getAttribute("value").contains("name:"));
    editor.clear();
    editor.sendKeys(
        "name: from the editor\n"
            + "tasks:\n"
            + "  - name: greet\n"
            + "    image: ubuntu:mantic\n"
            + "    run: echo -n hello from the editor > $TORK_OUTPUT\n");
    browser.first("#submit").click();
    await().atMost(WAIT).until(() -> browser.path().matches("/ui/jobs/[0-9a-f]{32}"));
    String id = browser.path().substring("/ui/jobs/".length());
    awaitState("#job-state", "COMPLETED");
    assertThat(browser.text("#tasks")).contains("hello from the editor");
    assertThat(api.job(id).path("name").asString()).isEqualTo("from the editor");

    // Duplicate: the same document in the editor, as JSON, and it runs again.
    browser.first(".title-actions [data-action=duplicate]").click();
    WebElement copy = awaitElement("#document");
    await()
        .atMost(WAIT)
        .until(() -> copy.getAttribute("value"), v -> v.contains("\"from the editor\""));
    browser.first("#submit").click();
    await()
        .atMost(WAIT)
        .until(
            () -> browser.path().matches("/ui/jobs/[0-9a-f]{32}") && !browser.path().endsWith(id));
    awaitState("#job-state", "COMPLETED");
    assertThat(browser.text("#tasks")).contains("hello from the editor");
    finish();
  }

  @Test
  void aBadDocumentShowsItsMessage() throws Exception {
    browser.go("/ui/submit");
    WebElement editor = awaitElement("#document");
    await().atMost(WAIT).until(() -> editor.getAttribute("value").contains("name:"));
    editor.clear();
    editor.sendKeys("name: broken\ntasks: []\n");
    browser.first("#submit").click();
    await()
        .atMost(WAIT)
        .until(() -> browser.text("#submit-error"), t -> t.contains("must contain at least one"));
    assertThat(browser.path()).isEqualTo("/ui/submit");
    assertThat(editor.getAttribute("aria-invalid")).isEqualTo("true");
    finish();
  }

  @Test
  void aRunningJobIsCancelledFromItsPage() throws Exception {
    String id =
        api.submitYaml(
            """
            name: ui waits
            tasks:
            - name: sleep
              image: ubuntu:mantic
              run: sleep 60
            """);
    browser.go("/ui/jobs/" + id);
    awaitState("#job-state", "RUNNING");
    await().atMost(WAIT).until(() -> DockerCheck.runningJobContainers(id) == 1);
    browser.first(".title-actions button[data-action=cancel]").click();
    browser.driver().switchTo().alert().accept();
    awaitState("#job-state", "CANCELLED");
    assertThat(api.state(id)).isEqualTo("CANCELLED");
    await().atMost(WAIT).until(() -> DockerCheck.runningJobContainers(id) == 0);
    assertThat(browser.first(".title-actions button[data-action=restart]")).isNotNull();
    finish();
  }

  @Test
  void scheduledJobsNodesAndQueues() throws Exception {
    TorkApi.Response created =
        api.post(
            "/scheduled-jobs",
            "text/yaml",
            """
            name: ui nightly
            schedule:
              cron: "0 3 * * *"
            tasks:
            - name: nightly
              image: ubuntu:mantic
              run: echo nightly
            """);
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    String id = created.body().path("id").asString();
    String row = "tr[data-scheduled='" + id + "']";
    browser.go("/ui/scheduled");
    awaitState(row, "ACTIVE");
    browser.first(row + " button[data-action=pause]").click();
    awaitState(row, "PAUSED");
    browser.first(row + " button[data-action=resume]").click();
    awaitState(row, "ACTIVE");
    browser.first(row + " button[data-action=delete]").click();
    browser.driver().switchTo().alert().accept();
    await().atMost(WAIT).until(() -> browser.first(row) == null);
    assertThat(api.get("/scheduled-jobs/" + id).status()).isEqualTo(404);

    browser.first("nav a[href='/ui/nodes']").click();
    awaitState("#nodes tr[data-node]", "UP");
    assertThat(browser.text("#nodes")).contains("worker", "default:4");
    browser.first("nav a[href='/ui/queues']").click();
    awaitElement("#queues tr[data-queue=default]");
    assertThat(browser.path()).isEqualTo("/ui/queues");
    finish();
  }

  @Test
  void aSubJobAndItsParentLinkToEachOther() throws Exception {
    String id =
        api.submitYaml(java.nio.file.Files.readString(Path.of("../../examples/subjob.yaml")));
    awaitJob(id, "COMPLETED");
    browser.go("/ui/jobs/" + id);
    awaitState("#job-state", "COMPLETED");
    assertThat(browser.text("#job-result")).isEqualTo("hello world");
    browser.first("#tasks a.tag[href^='/ui/jobs/']").click(); // the first task's sub-job
    await().atMost(WAIT).until(() -> !browser.path().endsWith(id));
    awaitState("#job-state", "COMPLETED");
    assertThat(browser.text("#job-name")).isEqualTo("greeter for subjob");
    awaitElement("#parent-job").click();
    await().atMost(WAIT).until(() -> browser.path().equals("/ui/jobs/" + id));
    awaitState("#job-state", "COMPLETED");
    finish();
  }

  /**
   * Swagger UI, served by the gateway under its own Content-Security-Policy: it renders every
   * documented operation, violates no policy and asks no other host.
   */
  @Test
  void swaggerUiShowsTheApiFromThisServerAlone() throws Exception {
    browser.go("/swagger-ui.html");
    await().atMost(WAIT).until(() -> browser.all(".opblock").size() >= 30);
    assertThat(browser.text(".information-container .title")).contains("tork-java REST API");
    assertThat(browser.all(".opblock-summary-path").stream().map(e -> e.getText()).toList())
        .contains("/jobs", "/jobs/{id}", "/scheduled-jobs", "/health", "/metrics");
    finish();
  }
}
