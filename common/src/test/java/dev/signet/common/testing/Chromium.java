package dev.signet.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * A headless Debian Chromium driven through chromedriver, for the page tests. Uses the installed
 * binaries ({@code /usr/bin/chromium}, {@code /usr/bin/chromedriver}, or {@code SIGNET_CHROMIUM}
 * and {@code SIGNET_CHROMEDRIVER}) so Selenium Manager never downloads a browser. In CI (where
 * {@code deploy/ci-tools.sh} installs them) a missing browser fails the test; elsewhere the page
 * tests are skipped with a message saying what to install.
 */
public final class Chromium implements AutoCloseable {

  private final ChromeDriver driver;
  private final String name;

  private Chromium(ChromeDriver driver, String name) {
    this.driver = driver;
    this.name = name;
  }

  /** Starts a fresh browser (its own profile: no cookies from another test). */
  public static Chromium start(String name) {
    Path browser = binary("SIGNET_CHROMIUM", "/usr/bin/chromium");
    Path chromedriver = binary("SIGNET_CHROMEDRIVER", "/usr/bin/chromedriver");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--window-size=1280,900");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return new Chromium(driver, name);
  }

  private static Path binary(String variable, String standard) {
    Path path = Path.of(Optional.ofNullable(System.getenv(variable)).orElse(standard));
    if (!Files.isExecutable(path)) {
      String message =
          path + " is missing: install Debian's chromium and chromium-driver (deploy/ci-tools.sh)";
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(message);
      }
      Assumptions.abort(message);
    }
    return path;
  }

  public ChromeDriver driver() {
    return driver;
  }

  /**
   * A passkey authenticator inside the browser (CTAP2, resident keys, user verification that always
   * succeeds), so WebAuthn ceremonies run for real without a person touching a key.
   */
  public VirtualAuthenticator passkeyAuthenticator() {
    return driver.addVirtualAuthenticator(
        new VirtualAuthenticatorOptions()
            .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
            .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
            .setHasResidentKey(true)
            .setHasUserVerification(true)
            .setIsUserVerified(true)
            .setIsUserConsenting(true));
  }

  /** Saves what the browser shows to {@code target/screenshots/<name>-<step>.png}. */
  public Path screenshot(String step) {
    try {
      Path dir = Files.createDirectories(Path.of("target", "screenshots"));
      Path file = dir.resolve(name + "-" + step + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
