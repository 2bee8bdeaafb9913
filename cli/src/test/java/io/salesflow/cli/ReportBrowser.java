package io.salesflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Opens HTML reports in a real headless Chromium (Debian's {@code chromium} and {@code
 * chromium-driver} packages; {@code .ci/run} installs them when missing) and checks what a reader
 * would see: no console errors, every chart's SVG drawn with a non-zero size, every link leading to
 * a file or an anchor that exists. Keeps a screenshot of each page under {@code target/browser/}.
 * Without Chromium it fails, naming the packages to install: the check is part of the suite, not
 * optional.
 */
final class ReportBrowser implements AutoCloseable {

  private static final List<String> BROWSERS = List.of("chromium", "chromium-browser");
  private static final String INSTALL =
      "Install it with: sudo apt-get install -y chromium chromium-driver"
          + " (.ci/run does this on a fresh machine)";

  private final ChromeDriver driver;
  private final Path screenshots;

  private ReportBrowser(ChromeDriver driver, Path screenshots) {
    this.driver = driver;
    this.screenshots = screenshots;
  }

  /** Starts headless Chromium with its chromedriver, both found on the PATH. */
  static ReportBrowser start(Path screenshots) throws IOException {
    Path browser =
        BROWSERS.stream()
            .map(ReportBrowser::onPath)
            .flatMap(Optional::stream)
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "The report browser check needs headless Chromium, and no "
                            + String.join(" or ", BROWSERS)
                            + " is on the PATH. "
                            + INSTALL));
    Path chromedriver =
        onPath("chromedriver")
            .orElseThrow(
                () ->
                    new AssertionError(
                        "The report browser check needs chromedriver next to "
                            + browser
                            + ". "
                            + INSTALL));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--allow-file-access-from-files",
        "--window-size=1280,1600");
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    Files.createDirectories(screenshots);
    return new ReportBrowser(driver, screenshots);
  }

  /**
   * Opens {@code page} and checks it as a reader would see it.
   *
   * @param minCharts how many chart SVGs the page must at least show
   * @return the number of links checked
   */
  int check(Path page, int minCharts) throws IOException {
    Path file = page.toAbsolutePath().normalize();
    driver.get(file.toUri().toString());
    assertThat(driver.getTitle()).as("title of %s", file).isNotBlank();

    List<String> errors = new ArrayList<>();
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()) {
        errors.add(entry.getMessage());
      }
    }
    assertThat(errors).as("console errors on %s", file).isEmpty();

    @SuppressWarnings("unchecked")
    List<List<Number>> sizes =
        (List<List<Number>>)
            ((JavascriptExecutor) driver)
                .executeScript(
                    "return Array.from(document.querySelectorAll('svg')).map(s => {"
                        + " const r = s.getBoundingClientRect(); return [r.width, r.height]; });");
    assertThat(sizes).as("chart SVGs on %s", file).hasSizeGreaterThanOrEqualTo(minCharts);
    for (List<Number> size : sizes) {
      assertThat(size.get(0).doubleValue()).as("an SVG's width on %s", file).isPositive();
      assertThat(size.get(1).doubleValue()).as("an SVG's height on %s", file).isPositive();
    }

    int links = 0;
    for (WebElement link : driver.findElements(By.cssSelector("a[href]"))) {
      String href = link.getAttribute("href");
      URI uri = URI.create(href);
      if ("file".equals(uri.getScheme())) {
        int hash = href.indexOf('#');
        Path target = Path.of(URI.create(hash < 0 ? href : href.substring(0, hash)));
        assertThat(target).as("link %s on %s", href, file).exists();
        if (uri.getFragment() != null && target.equals(file)) {
          assertThat(driver.findElements(By.id(uri.getFragment())))
              .as("anchor #%s on %s", uri.getFragment(), file)
              .isNotEmpty();
        }
      } else {
        throw new AssertionError(
            "Report " + file + " links outside the reports (" + href + "): reports stay offline");
      }
      links++;
    }

    File shot = driver.getScreenshotAs(OutputType.FILE);
    Path kept =
        screenshots.resolve(
            file.getParent().getFileName() + "-" + file.getFileName().toString() + ".png");
    Files.copy(shot.toPath(), kept, StandardCopyOption.REPLACE_EXISTING);
    return links;
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    try (Stream<String> dirs = Stream.of(path.split(File.pathSeparator))) {
      return dirs.filter(d -> !d.isBlank())
          .map(d -> Path.of(d, name))
          .filter(Files::isExecutable)
          .findFirst();
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
