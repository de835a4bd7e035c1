package dev.tocsin.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tocsin.testing.Ports;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The public status page and the console in a real browser (headless Chromium through Selenium and
 * Debian's chromedriver): an alert on a mapped service and a declared incident show on the public
 * page with their component states and posted updates, a hostile title stays text, and the page reads
 * the same with JavaScript disabled; then a login to the console, an alert appearing in the open
 * list without a reload, acknowledged and updated from its page, the update on the public page. Skipped with a message when Chromium or its driver is missing; {@code .ci/run}
 * installs both. Saves screenshots to {@code target/screenshots/}.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class StatusPageBrowserIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String HOSTILE = "Checkout errors <img src=x onerror=\"document.title='pwned'\"><script>"
      + "document.title='pwned'</script>";

  @TempDir
  static Path dataDir;

  private static Standalone standalone;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(chromium().isPresent() && driver().isPresent(), "chromium and chromedriver are not "
        + "installed; `apt-get install chromium chromium-driver` (Debian) to run the browser tests");
    Path file = dataDir.resolve("tocsin.yml");
    Files.writeString(file, """
        route:
          receiver: default
          group_by: [alertname, service]
          group_wait: 0s
        receivers:
          - name: default
        status_page:
          title: Acme Cloud status
          components:
            - id: api_gateway
              name: API Gateway
              description: The public REST API
              group: Core
              services: [api-gateway]
            - id: checkout
              name: Checkout
              group: Core
            - id: dashboard
              name: Dashboard
        """);
    Map<String, Object> settings = new HashMap<>();
    settings.put("data.dir", dataDir.resolve("data").toString());
    settings.put("config.file", file.toString());
    settings.put("embedded.kafka.port", String.valueOf(Ports.free()));
    settings.put("embedded.controller.port", String.valueOf(Ports.free()));
    settings.put("registry.port", "0");
    settings.put("http.port", "0");
    settings.put("streams.http.port", "0");
    settings.put("notifier.http.port", "0");
    standalone = Standalone.start(settings);
    base = "http://localhost:" + standalone.ingestPort();
    await().atMost(WAIT).until(() -> get("/status").statusCode() == 200);
  }

  @AfterAll
  static void stop() {
    if (standalone != null) {
      standalone.close();
    }
  }

  private static Optional<Path> chromium() {
    return onPath("chromium", "chromium-browser", "google-chrome");
  }

  private static Optional<Path> driver() {
    return onPath("chromedriver");
  }

  private static Optional<Path> onPath(String... names) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : names) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> api(String method, String path, String body) throws Exception {
    String key = standalone.generatedApiKey();
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("tocsin:" + key).getBytes()))
        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static WebDriver browser(boolean javascript) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium().orElseThrow().toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1000,1600");
    if (!javascript) {
      options.addArguments("--blink-settings=scriptEnabled=false");
    }
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver().orElseThrow()
        .toFile()).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  @Test
  @org.junit.jupiter.api.Order(1)
  void anAlertAndADeclaredIncidentShowOnThePublicPageAsText() throws Exception {
    HttpResponse<String> alert = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/alerts"))
        .header("Authorization", "Bearer " + standalone.generatedToken()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("[{\"labels\": {\"alertname\": \"HighLatency\", \"service\": "
            + "\"api-gateway\", \"severity\": \"warning\", \"pod\": \"internal-pod-7\"}, \"annotations\": "
            + "{\"summary\": \"secret internal detail\"}}]")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(alert.statusCode()).as(alert.body()).isEqualTo(200);
    HttpResponse<String> declared = api("POST", "/api/v1/incidents", "{\"title\": " + com.fasterxml.jackson.databind
        .node.TextNode.valueOf(HOSTILE) + ", \"severity\": \"critical\", \"affected_components\": [\"checkout\"]}");
    assertThat(declared.statusCode()).as(declared.body()).isEqualTo(201);
    String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(declared.body()).get("id").asText();
    assertThat(api("PATCH", "/api/v1/incidents/" + id, "{\"update_message\": \"Rolled back the <b>deploy</b>\", "
        + "\"status\": \"monitoring\"}").statusCode()).isEqualTo(200);
    await().atMost(WAIT).until(() -> get("/status").body().contains("HighLatency"));

    WebDriver browser = browser(true);
    try {
      browser.get(base + "/status");
      assertThat(browser.getTitle()).isEqualTo("Acme Cloud status");
      assertThat(browser.findElement(By.cssSelector(".banner")).getText()).isEqualTo("Major System Outage");
      assertThat(state(browser, "checkout")).isEqualTo("Major outage");
      assertThat(state(browser, "api_gateway")).isEqualTo("Degraded performance");
      assertThat(state(browser, "dashboard")).isEqualTo("Operational");
      WebElement declaredCard = browser.findElement(By.id(id));
      assertThat(declaredCard.findElement(By.tagName("h3")).getText()).as("the hostile title is text")
          .isEqualTo(HOSTILE);
      assertThat(declaredCard.findElements(By.tagName("img"))).isEmpty();
      assertThat(declaredCard.findElements(By.tagName("script"))).isEmpty();
      assertThat(declaredCard.getText()).contains("Monitoring Rolled back the <b>deploy</b>");
      assertThat(browser.findElements(By.cssSelector("#component-checkout .bars span"))).hasSize(90);
      assertThat(browser.getPageSource()).doesNotContain("internal-pod-7").doesNotContain("secret internal detail");
      browser.manage().window().setSize(new Dimension(1000, 1700));
      Path shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
      Path target = Path.of("target", "screenshots");
      Files.createDirectories(target);
      Files.copy(shot, target.resolve("status-page.png"), StandardCopyOption.REPLACE_EXISTING);
    } finally {
      browser.quit();
    }

    WebDriver noScript = browser(false);
    try {
      noScript.get(base + "/status");
      assertThat(noScript.findElement(By.cssSelector(".banner")).getText()).isEqualTo("Major System Outage");
      assertThat(noScript.findElement(By.id(id)).findElement(By.tagName("h3")).getText()).isEqualTo(HOSTILE);
      List<WebElement> rows = noScript.findElements(By.cssSelector(".component"));
      assertThat(rows).hasSize(3);
    } finally {
      noScript.quit();
    }
  }

  @Test
  @org.junit.jupiter.api.Order(2)
  void theConsoleShowsAnAlertLiveAndActsOnIt() throws Exception {
    WebDriver browser = browser(true);
    try {
      browser.get(base + "/");
      assertThat(browser.getCurrentUrl()).endsWith("/login");
      browser.findElement(By.id("key")).sendKeys("not-the-key");
      browser.findElement(By.cssSelector("form button")).click();
      assertThat(browser.findElement(By.cssSelector(".error")).getText()).contains("not known");
      browser.findElement(By.id("key")).sendKeys(standalone.generatedApiKey());
      browser.findElement(By.cssSelector("form button")).click();
      assertThat(browser.getCurrentUrl()).isEqualTo(base + "/");
      Thread.sleep(1000);

      // The list is open in the browser when the alert arrives: it appears without a reload.
      HttpResponse<String> alert = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/alerts"))
          .header("Authorization", "Bearer " + standalone.generatedToken()).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("[{\"labels\": {\"alertname\": \"DiskFull\", \"service\": "
              + "\"api-gateway\", \"severity\": \"critical\"}, \"annotations\": {\"summary\": \"disk 97% full\", "
              + "\"runbook_url\": \"https://runbooks.example/disk\"}}]")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(alert.statusCode()).isEqualTo(200);
      String marker = "marker-" + System.nanoTime();
      ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.__marker = arguments[0];", marker);
      await().atMost(WAIT).until(() -> browser.findElement(By.id("incident-rows")).getText().contains("DiskFull"));
      assertThat(((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return window.__marker;"))
          .as("the row came without a reload").isEqualTo(marker);
      screenshot(browser, "console-list.png");

      browser.findElement(By.linkText("DiskFull on api-gateway")).click();
      assertThat(browser.findElement(By.cssSelector("h1")).getText()).contains("DiskFull on api-gateway");
      assertThat(browser.findElement(By.linkText("runbook")).getAttribute("href")).isEqualTo("https://runbooks.example/disk");
      browser.findElement(By.xpath("//form[contains(@action,'/acknowledge')]//button")).click();
      await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElement(By.cssSelector("p.meta .status"))
          .getText().equals("acknowledged"));
      browser.findElement(By.name("message")).sendKeys("Freed 40 GB; watching it");
      new org.openqa.selenium.support.ui.Select(browser.findElement(By.name("status"))).selectByVisibleText(
          "identified");
      browser.findElement(By.xpath("//form[contains(@action,'/update')]//button")).click();
      await().atMost(WAIT).ignoreExceptions().until(() -> browser.findElements(By.cssSelector("table tbody tr"))
          .stream().map(WebElement::getText)
          .anyMatch(row -> row.contains("update posted") && row.contains("[identified] Freed 40 GB; watching it")));
      screenshot(browser, "console-incident.png");

      browser.get(base + "/status");
      assertThat(browser.getPageSource()).contains("Freed 40 GB; watching it");
      browser.get(base + "/figures");
      assertThat(browser.findElements(By.cssSelector("svg rect"))).isNotEmpty();
    } finally {
      browser.quit();
    }
  }

  private static void screenshot(WebDriver browser, String name) throws Exception {
    Path shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Path target = Path.of("target", "screenshots");
    Files.createDirectories(target);
    Files.copy(shot, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  private static String state(WebDriver browser, String component) {
    return browser.findElement(By.cssSelector("#component-" + component + " .state")).getText();
  }
}
