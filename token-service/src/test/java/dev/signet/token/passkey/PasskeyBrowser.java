package dev.signet.token.passkey;

import dev.signet.common.testing.Chromium;
import java.net.URI;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a person does in the browser, for the page tests: Chromium at {@code http://localhost:<test
 * port>} (WebAuthn refuses the issuer's 127.0.0.1) with a virtual passkey authenticator.
 */
final class PasskeyBrowser {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private PasskeyBrowser() {}

  /** The test server as the browser must reach it: localhost, not 127.0.0.1. */
  static String base(URI testUri) {
    return "http://localhost:" + testUri.getPort();
  }

  static WebDriverWait waitFor(Chromium chromium) {
    return new WebDriverWait(chromium.driver(), WAIT);
  }

  /**
   * Waits for the condition; on a timeout saves a screenshot and fails with what the page shows, so
   * a refused ceremony reads as its error page rather than as "element not found".
   */
  static <T> T await(Chromium chromium, ExpectedCondition<T> condition, String step) {
    try {
      return waitFor(chromium).until(condition);
    } catch (TimeoutException e) {
      chromium.screenshot("failed-" + step);
      throw new AssertionError(
          step
              + ": still at "
              + chromium.driver().getCurrentUrl()
              + " showing "
              + chromium.driver().findElement(By.tagName("body")).getText(),
          e);
    }
  }

  /** Opens the invite link, continues, creates the first passkey and lands on the account page. */
  static void enrollFromInvite(Chromium chromium, String base, AdminVerifyStub.Invite invite) {
    WebDriver driver = chromium.driver();
    driver.get(AdminVerifyStub.link(base, invite));
    driver.findElement(By.id("continue")).click();
    await(
        chromium, ExpectedConditions.presenceOfElementLocated(By.id("create-passkey")), "welcome");
    driver.findElement(By.id("create-passkey")).click();
    await(chromium, ExpectedConditions.urlContains("/account"), "enrolled");
    await(chromium, ExpectedConditions.presenceOfElementLocated(By.id("passkeys")), "account");
  }

  /**
   * Signs in on /signin with the authenticator's passkey, landing wherever the return path says.
   */
  static void signIn(Chromium chromium, String base, String returnPath) {
    WebDriver driver = chromium.driver();
    driver.get(base + "/signin" + (returnPath == null ? "" : "?return=" + returnPath));
    driver.findElement(By.id("signin-passkey")).click();
    waitFor(chromium).until(ExpectedConditions.not(ExpectedConditions.urlContains("/signin")));
  }

  /** A fresh assertion made in the browser for the current challenge, without submitting it. */
  static String assertion(Chromium chromium, String base) {
    chromium.driver().get(base + "/signin");
    Object json =
        chromium
            .driver()
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "window.signetPasskeys.signIn().then(c => done(JSON.stringify(c)),"
                    + " e => done('failed: ' + e));");
    return String.valueOf(json);
  }
}
