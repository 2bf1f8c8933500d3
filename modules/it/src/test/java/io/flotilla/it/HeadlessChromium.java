package io.flotilla.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium driven through the system's chromedriver (Debian's {@code chromium} and
 * {@code chromium-driver}; {@code .ci/run} installs them). Both paths are given to Selenium, so it never looks for
 * or downloads a browser or driver of its own. Override the paths with {@code -Dchromium.binary=...} and
 * {@code -Dchromium.driver=...}.
 */
final class HeadlessChromium {
  private static final String BINARY = System.getProperty("chromium.binary", "/usr/bin/chromium");
  private static final String DRIVER = System.getProperty("chromium.driver", "/usr/bin/chromedriver");

  private HeadlessChromium() {}

  /** Starts a browser; fails (never skips) with what to install when Chromium or its driver is missing. */
  static ChromeDriver start() {
    for (String path : new String[] {BINARY, DRIVER}) {
      if (!Files.isExecutable(Path.of(path))) {
        throw new AssertionError("the dashboard's browser test needs Chromium and its driver, and " + path
            + " is missing: install them with `apt-get install -y chromium chromium-driver` (as .ci/run does), or "
            + "point -Dchromium.binary and -Dchromium.driver at them");
      }
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--window-size=1400,1000");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(DRIVER))
        .usingAnyFreePort()
        .withTimeout(Duration.ofSeconds(60))
        .build();
    return new ChromeDriver(service, options);
  }
}
