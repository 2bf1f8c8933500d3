package io.flotilla.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.testkit.TestNodeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Done-when d of issue 5: the dashboard in headless Chromium against a real node (Cassandra, local cloud, HTTP).
 * It finds services with the search box, opens one mid-rollout, rolls it back from the page and sees the phase and
 * the traffic split change without a reload. With {@code -Ddashboard.screenshot=docs/dashboard.png} (a path relative
 * to the repository root, or absolute) it saves a screenshot of the service page mid-rollout there.
 */
class DashboardTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int REQUESTS_PER_SECOND = 50;

  private static TestFlotilla flotilla;
  private static ChromeDriver browser;
  private static String dashboard;

  @BeforeAll
  static void start() throws Exception {
    browser = HeadlessChromium.start();
    flotilla = TestFlotilla.start("dashboard");
    dashboard = flotilla.node.apiUrl() + "/";
    register("dash-web", "storefront", "{steps: [{weight: 25, hold: 30m}, {weight: 100}], environmentTimeout: 1m}");
    register("dash-api", "storefront", "{steps: [{weight: 100}]}");
    register("dash-worker", "fulfilment", "{steps: [{weight: 100}]}");
    register("ledger", "finance", "{steps: [{weight: 100}]}");
    for (String service : List.of("dash-web", "dash-api", "dash-worker", "ledger")) {
      assertEquals(202, flotilla.api.release(service, "1.0.0").status());
    }
    for (String service : List.of("dash-web", "dash-api", "dash-worker", "ledger")) {
      flotilla.awaitIdle(service, WAIT);
    }
    signIn();
  }

  /**
   * The dashboard asks for a token before it shows anything, refuses a wrong one, and keeps the right one for the
   * tab (sessionStorage), so the tests' later page loads are signed in.
   */
  private static void signIn() {
    browser.get(dashboard);
    waitFor("the sign-in form", driver -> present("#signin-token"));
    assertNull(present("#fleet-table"), "no data before sign-in");
    browser.findElement(By.id("signin-token")).sendKeys("not-the-token");
    browser.findElement(By.cssSelector("#signin button[type='submit']")).click();
    waitFor("the wrong token to be refused", driver -> text("#signin-error").contains("not accepted"));
    assertNull(script("return sessionStorage.getItem('flotilla.token')"), "a refused token is not kept");
    browser.findElement(By.id("signin-token")).clear();
    browser.findElement(By.id("signin-token")).sendKeys(TestNodeConfig.ADMIN_TOKEN);
    browser.findElement(By.cssSelector("#signin button[type='submit']")).click();
    waitFor("the fleet table after sign-in", driver -> fleetRows().contains("ledger"));
    assertFalse(browser.getCurrentUrl().contains(TestNodeConfig.ADMIN_TOKEN), "the token is not in the URL");
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (flotilla != null) {
      flotilla.close();
    }
  }

  /** A service judged every 2 s with tolerances no healthy version can miss: only the test rolls it back. */
  private static void register(String name, String team, String rollout) {
    flotilla.register("""
        name: %s
        team: %s
        image: demo/%s
        runtime: {minInstances: 1, healthCheck: {intervalSeconds: 1, healthyThreshold: 1}}
        rollout: %s
        analysis:
          interval: 2s
          warmup: 1s
          minRequests: 10
          metrics:
            - {name: errors, type: error-rate, maxIncrease: 0.5, critical: true}
            - {name: p99, type: latency, percentile: 99, maxRatio: 10}
          onInconclusive: hold
        retention: {keepPreviousFor: 1h}
        """.formatted(name, team, name, rollout));
  }

  @Test
  void rollbackFromTheServicePageShowsTheNewPhaseAndTrafficSplitWithoutAReload() {
    String endpoint = flotilla.api.status("dash-web").path("endpointUrl").asText();
    try (LoadGenerator load = LoadGenerator.start(endpoint, REQUESTS_PER_SECOND)) {
      assertEquals(202, flotilla.api.release("dash-web", "2.0.0").status());
      flotilla.awaitPhase("dash-web", "Holding", 0, WAIT);

      browser.get(dashboard);
      String loadId = (String) script("return window.flotillaDashboard.loadId");
      assertNotNull(loadId, "the page sets its load marker");
      script("window.dashboardTestMarker = 'set after load'");

      // the fleet: the search box narrows the table to the three dash-* services
      waitFor("the fleet table lists ledger", driver -> fleetRows().contains("ledger"));
      browser.findElement(By.id("fleet-search")).sendKeys("dash-");
      waitFor("the search to leave the dash-* services", driver ->
          fleetRows().equals(List.of("dash-api", "dash-web", "dash-worker")));
      waitFor("dash-web to be Holding in the fleet table", driver -> "Holding".equals(text(
          "#fleet-table tr[data-service='dash-web'] [data-phase]")));
      assertTrue(text("#cluster").contains("Cluster"), "the cluster panel is on the page");
      waitFor("the cluster panel to show the cluster or say it is not available", driver -> List.of(
          "available", "unavailable").contains(attribute("#cluster", "data-state")));

      // the service page mid-rollout: phase, split, analysis charts
      browser.findElement(By.cssSelector("#fleet-table a[href='#/services/dash-web']")).click();
      waitFor("the dash-web page", driver -> "dash-web".equals(text("#service-name")));
      waitFor("phase Holding", driver -> "Holding".equals(text("#service-phase")));
      waitFor("the split 75/25", driver -> Map.of("1.0.0", 75, "2.0.0", 25).equals(split()));
      waitFor("analysis intervals in the charts", driver -> points("#error-chart") >= 4
          && points("#latency-chart") >= 4 && points("#traffic-chart") >= 2);
      waitFor("the feed to show the canary's traffic step", driver -> "1.0.0=75,2.0.0=25".equals(
          attribute("#traffic-chart", "data-latest-split")));
      saveScreenshotIfAsked();

      // changes made elsewhere show up on the open page
      assertEquals(202, flotilla.api.post("/api/v1/services/dash-web/pause", "{}").status());
      waitFor("the Paused badge", driver -> present("#service-paused") != null);
      assertEquals(202, flotilla.api.post("/api/v1/services/dash-web/resume", "{}").status());
      waitFor("the Paused badge to go", driver -> present("#service-paused") == null);

      // rollback from the page, confirmed in the dialog
      browser.findElement(By.cssSelector("button[data-action='rollback']")).click();
      WebElement dialog = waitFor("the confirmation dialog", driver -> present("dialog.confirm[open]"));
      dialog.findElement(By.id("confirm-reason")).sendKeys("rolled back from the dashboard test");
      dialog.findElement(By.cssSelector("button[value='confirm']")).click();
      waitFor("the dialog to close: the API accepted the rollback", driver -> present("dialog.confirm") == null);

      waitFor("phase RolledBack", driver -> "RolledBack".equals(text("#service-phase")));
      waitFor("all traffic on 1.0.0", driver -> Map.of("1.0.0", 100).equals(split()));
      waitFor("the feed's split to be 1.0.0 only", driver -> "1.0.0=100".equals(
          attribute("#traffic-chart", "data-latest-split")));
      waitFor("ReleaseRolledBack in the live feed", driver -> present("#event-feed li[data-type='ReleaseRolledBack']"));
      assertTrue(text("#action-notice").startsWith("Roll back:"), text("#action-notice"));

      assertEquals(loadId, script("return window.flotillaDashboard.loadId"), "the page was not reloaded");
      assertEquals("set after load", script("return window.dashboardTestMarker"), "the page was not reloaded");
      JsonNode status = flotilla.api.status("dash-web");
      assertEquals("RolledBack", TestFlotilla.lastOutcome(status));
      assertEquals("rolled back from the dashboard test",
          status.path("history").get(status.path("history").size() - 1).path("reason").asText());
    }
  }

  @Test
  void anActionTheApiRefusesShowsTheApiMessageInTheDialog() {
    browser.get(dashboard + "#/services/ledger");
    waitFor("the ledger page", driver -> "Promoted".equals(text("#service-phase")));
    browser.findElement(By.id("release-version")).sendKeys("not a version");
    browser.findElement(By.cssSelector("button[data-action='release']")).click();
    WebElement dialog = waitFor("the confirmation dialog", driver -> present("dialog.confirm[open]"));
    dialog.findElement(By.cssSelector("button[value='confirm']")).click();

    waitFor("the API's message in the dialog", driver -> text("#confirm-error").contains("version: must match"));
    assertNotNull(present("dialog.confirm[open]"), "the dialog stays open on failure");
    dialog.findElement(By.cssSelector("button[value='cancel']")).click();
    waitFor("the dialog to close", driver -> present("dialog.confirm") == null);
    assertEquals(1, flotilla.api.status("ledger").path("history").size(), "nothing was released");
  }

  private static List<String> fleetRows() {
    return browser.findElements(By.cssSelector("#fleet-table tbody tr[data-service]")).stream()
        .map(row -> row.getDomAttribute("data-service")).toList();
  }

  /** The traffic split the page shows now: percent by version. */
  private static Map<String, Integer> split() {
    Map<String, Integer> split = new TreeMap<>();
    for (WebElement item : browser.findElements(By.cssSelector("#traffic-split li"))) {
      split.put(item.getDomAttribute("data-version"), Integer.parseInt(item.getDomAttribute("data-weight")));
    }
    return split;
  }

  private static int points(String chart) {
    String points = attribute(chart, "data-points");
    return points == null ? 0 : Integer.parseInt(points);
  }

  private static String text(String css) {
    WebElement element = present(css);
    return element == null ? "" : element.getText().trim();
  }

  private static String attribute(String css, String name) {
    WebElement element = present(css);
    return element == null ? null : element.getDomAttribute(name);
  }

  private static WebElement present(String css) {
    List<WebElement> found = browser.findElements(By.cssSelector(css));
    return found.isEmpty() ? null : found.get(0);
  }

  private static Object script(String javascript) {
    return ((JavascriptExecutor) browser).executeScript(javascript);
  }

  /** Waits until {@code condition} is true or non-null; the page re-renders as data arrives, so stale elements retry. */
  private static <T> T waitFor(String what, Function<WebDriver, T> condition) {
    return new WebDriverWait(browser, WAIT, Duration.ofMillis(100))
        .ignoring(StaleElementReferenceException.class)
        .withMessage(what)
        .until(condition);
  }

  private static void saveScreenshotIfAsked() {
    String target = System.getProperty("dashboard.screenshot");
    if (target == null || target.isBlank()) {
      return;
    }
    Path path = repositoryRoot().resolve(target);
    Dimension size = browser.manage().window().getSize();
    try {
      // tall enough for the charts and the verdicts (only the height changes: nothing is laid out again)
      browser.manage().window().setSize(new Dimension(size.getWidth(), 1500));
      Files.createDirectories(path.getParent());
      Files.write(path, browser.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new AssertionError("could not write the screenshot to " + path, e);
    } finally {
      browser.manage().window().setSize(size);
    }
    System.out.println("dashboard screenshot: " + path);
  }

  /** The directory holding {@code mvnw}: tests run in their module's directory. */
  private static Path repositoryRoot() {
    Path directory = Path.of("").toAbsolutePath();
    while (directory != null && !Files.exists(directory.resolve("mvnw"))) {
      directory = directory.getParent();
    }
    if (directory == null) {
      throw new AssertionError("no mvnw above " + Path.of("").toAbsolutePath());
    }
    return directory;
  }
}
