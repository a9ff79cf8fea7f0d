package io.tork.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import javax.imageio.ImageIO;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromedriver}, named explicitly so
 * that Selenium never looks for or downloads a driver), for the UI tests. Skipped visibly without
 * them, except with {@code CI=true}. Screenshots go to {@code target/ui-screenshots/}.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");

  private final ChromeDriver driver;
  private final String base;

  private Browser(ChromeDriver driver, String base) {
    this.driver = driver;
    this.base = base;
  }

  static void requireChromium() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present && "true".equals(System.getenv("CI"))) {
      fail(
          "CI=true but "
              + CHROMIUM
              + " or "
              + CHROMEDRIVER
              + " is missing (apt-get install -y"
              + " chromium chromium-driver)");
    }
    assumeTrue(present, "no " + CHROMIUM + " and " + CHROMEDRIVER + ": UI tests skipped");
  }

  /** A fresh browser (its own profile) on the API at {@code port}, a 1280 px wide window. */
  static Browser open(int port, Path profile) {
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox", // as root (CI), Chromium's sandbox cannot start
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--user-data-dir=" + profile.toAbsolutePath(),
        "--window-size=1280,900");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return new Browser(driver, "http://127.0.0.1:" + port);
  }

  ChromeDriver driver() {
    return driver;
  }

  /** Loads {@code path} as a typed address (a deep link loads the app directly). */
  void go(String path) {
    driver.get(base + path);
  }

  String path() {
    return java.net.URI.create(driver.getCurrentUrl()).getPath();
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** The first element {@code css} finds, or null. */
  WebElement first(String css) {
    List<WebElement> found = all(css);
    return found.isEmpty() ? null : found.getFirst();
  }

  String text(String css) {
    WebElement element = first(css);
    return element == null ? "" : element.getText();
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /** Saves a screenshot as target/ui-screenshots/NAME.png and checks that it shows something. */
  Path screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path file = SCREENSHOTS.resolve(name + ".png");
    File shot = driver.getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertNotBlank(file);
    return file;
  }

  /** Not one flat colour: many colours, and a real share of pixels unlike the background. */
  static void assertNotBlank(Path png) throws IOException {
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).as("screenshot %s", png).isNotNull();
    int background = image.getRGB(image.getWidth() - 1, image.getHeight() - 1);
    Set<Integer> colours = new HashSet<>();
    long unlike = 0;
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        int rgb = image.getRGB(x, y);
        colours.add(rgb);
        if (rgb != background) {
          unlike++;
        }
      }
    }
    long sampled = (long) ((image.getWidth() + 1) / 2) * ((image.getHeight() + 1) / 2);
    assertThat(colours.size()).as("colours in %s", png).isGreaterThan(16);
    assertThat(unlike * 100 / sampled).as("%% of %s unlike its background", png).isGreaterThan(1);
  }

  /**
   * What the page's console said at SEVERE level (script errors, Content-Security-Policy
   * violations), less the network's own lines for answers a test asked for (a 400, say).
   */
  List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .filter(m -> !m.contains("the server responded with a status of"))
        .toList();
  }

  /** Every resource the page loaded came from this server. */
  List<String> foreignRequests() {
    @SuppressWarnings("unchecked")
    List<String> urls =
        (List<String>)
            script(
                "return performance.getEntriesByType('resource').map(e => e.name)"
                    + ".filter(u => !u.startsWith(location.origin + '/'));");
    return urls;
  }

  @Override
  public void close() {
    driver.quit();
  }
}
