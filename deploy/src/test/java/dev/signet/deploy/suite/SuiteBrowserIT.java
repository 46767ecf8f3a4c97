package dev.signet.deploy.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.testing.Chromium;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person's whole browser path across the real suite, in Debian's Chromium with a virtual passkey
 * authenticator: the invite link opens the welcome page, which enrolls a passkey; the admin console
 * (admin-api, an OIDC client of token-service) signs the person in through the authorization code
 * flow without asking again; {@code signet login --browser} gets tokens through the consent page
 * and its loopback receiver; {@code signet login} (device flow) is approved on the device page.
 */
@ExtendWith(SharedSuite.Started.class)
class SuiteBrowserIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static SharedSuite suite;

  @BeforeAll
  static void suite() {
    suite = SharedSuite.get();
    CliProcess.jar();
  }

  private static Map<String, String> person() {
    Map<String, String> env = new HashMap<>();
    env.put("SIGNET_ISSUER", suite.processes.issuer());
    env.put("SIGNET_ADMIN_URL", suite.processes.adminUrl());
    env.put("SIGNET_TOKEN_STORE", "file");
    return env;
  }

  private static WebDriverWait waiting(WebDriver driver) {
    return new WebDriverWait(driver, WAIT);
  }

  /** Waits until the process has written a line matching {@code pattern} to {@code err}. */
  private static String awaitOutput(Path err, Pattern pattern, String what) {
    return Eventually.await(
        what,
        Eventually.DEFAULT,
        () -> {
          try {
            Matcher m = pattern.matcher(Files.exists(err) ? Files.readString(err) : "");
            return m.find() ? m.group(1) : null;
          } catch (IOException e) {
            return null;
          }
        },
        found -> found != null);
  }

  private static int clockSkew() {
    return Answers.expect(
            io.restassured.RestAssured.given()
                .baseUri(suite.processes.tokenUrl())
                .auth()
                .oauth2(suite.adminToken())
                .get("/v1/token-policy"),
            200,
            "token policy")
        .jsonPath()
        .getInt("clock_skew_seconds");
  }

  private static void saveClockSkew(WebDriver driver, int seconds) {
    driver.get(suite.processes.adminUrl() + "/console/token-policy");
    waiting(driver).until(ExpectedConditions.elementToBeClickable(By.id("save-token-policy")));
    driver.findElement(By.id("t-skew")).clear();
    driver.findElement(By.id("t-skew")).sendKeys(Integer.toString(seconds));
    driver.findElement(By.id("save-token-policy")).click();
    waiting(driver)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.tagName("body"), "Token policy saved."));
  }

  private static int keyCount() {
    return Answers.expect(
            io.restassured.RestAssured.given()
                .baseUri(suite.processes.keyringUrl())
                .auth()
                .oauth2(suite.adminToken())
                .get("/v1/keys"),
            200,
            "keys")
        .jsonPath()
        .getList("$")
        .size();
  }

  @Test
  void aPersonFromInviteToPasskeyThenConsoleCliAndDeviceSignIns(
      @TempDir Path laptop, @TempDir Path server) throws Exception {
    String email = "browser-" + UUID.randomUUID() + "@suite.example";
    io.restassured.response.Response invited =
        io.restassured.RestAssured.given()
            .baseUri(suite.processes.adminUrl())
            .auth()
            .oauth2(suite.adminToken())
            .contentType("application/json")
            .body(Map.of("email", email, "display_name", "Grace", "roles", List.of("admin")))
            .post("/v1/invites");
    Answers.expect(invited, 201, "invite");
    String userId = invited.jsonPath().getString("invite.user_id");
    String link = suite.processes.pagesOrigin() + "/welcome?" + suite.mail.lastLinkTo(email);

    try (Chromium chromium = Chromium.start("suite-person")) {
      chromium.passkeyAuthenticator();
      WebDriver driver = chromium.driver();

      // The invite link: a page first (never redeemed on GET), then the passkey.
      driver.get(link);
      chromium.screenshot("1-welcome");
      driver.findElement(By.id("continue")).click();
      waiting(driver).until(ExpectedConditions.elementToBeClickable(By.id("create-passkey")));
      chromium.screenshot("2-create-passkey");
      driver.findElement(By.id("create-passkey")).click();
      waiting(driver).until(d -> d.getCurrentUrl().contains("/account"));
      chromium.screenshot("3-account");

      // The console: admin-api sends the browser through token-service's authorization endpoint
      // (127.0.0.1, moved to the pages' localhost origin, where the session is) and back.
      driver.get(suite.processes.adminUrl() + "/console");
      waiting(driver)
          .until(
              ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Signed in"));
      chromium.screenshot("4-console");
      assertTrue(driver.getCurrentUrl().startsWith(suite.processes.adminUrl() + "/console"));

      // The console's key ring page rotates through keyring-service with the person's token;
      // the key ring's own REST API shows the new key.
      int keysBefore = keyCount();
      driver.get(suite.processes.adminUrl() + "/console/keys");
      waiting(driver).until(ExpectedConditions.presenceOfElementLocated(By.id("h-keys")));
      driver.findElement(By.cssSelector("form[action='/console/keys/rotate'] button")).click();
      Eventually.await(
          "the rotated key in keyring-service's REST API",
          Eventually.DEFAULT,
          SuiteBrowserIT::keyCount,
          count -> count == keysBefore + 1);
      chromium.screenshot("4b-keys-rotated");

      // The token policy page saves through token-service's API; its REST answer shows the change
      // (then the old value goes back, since the suite is shared).
      int skew = clockSkew();
      int changed = skew == 30 ? 31 : 30;
      saveClockSkew(driver, changed);
      assertEquals(changed, clockSkew());
      chromium.screenshot("4c-token-policy");
      saveClockSkew(driver, skew);
      assertEquals(skew, clockSkew());

      // signet login --browser: the consent page, then the CLI's loopback receiver.
      Path err = laptop.resolve("login.err");
      Process login =
          CliProcess.builder(laptop, person(), "login", "--browser", "--no-browser")
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(err.toFile())
              .start();
      try {
        String url = awaitOutput(err, Pattern.compile("open (http\\S+)"), "the authorize URL");
        driver.get(url);
        waiting(driver).until(ExpectedConditions.elementToBeClickable(By.id("allow")));
        chromium.screenshot("5-consent");
        driver.findElement(By.id("allow")).click();
        waiting(driver)
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.tagName("body"), "You are signed in"));
        assertTrue(login.waitFor(60, TimeUnit.SECONDS), "signet login --browser ends");
        assertEquals(0, login.exitValue(), Files.readString(err));
      } finally {
        login.destroyForcibly();
      }
      SuiteCliIT.Run whoami = SuiteCliIT.signet(laptop, person(), "whoami", "-o", "json");
      assertEquals(0, whoami.code(), whoami.toString());
      assertEquals(userId, whoami.json().path("subject").asText());

      // signet login (device flow) on a second machine, approved on the device page.
      Path deviceErr = server.resolve("login.err");
      Process device =
          CliProcess.builder(server, person(), "login", "--no-browser")
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(deviceErr.toFile())
              .start();
      try {
        String uri = awaitOutput(deviceErr, Pattern.compile("open (http\\S+)"), "the device URL");
        driver.get(uri);
        waiting(driver).until(ExpectedConditions.elementToBeClickable(By.id("approve")));
        chromium.screenshot("6-device");
        assertTrue(driver.findElement(By.id("client")).getText().contains("signet-cli"));
        driver.findElement(By.id("approve")).click();
        assertTrue(device.waitFor(60, TimeUnit.SECONDS), "signet login ends after approval");
        assertEquals(0, device.exitValue(), Files.readString(deviceErr));
        chromium.screenshot("7-device-approved");
      } finally {
        device.destroyForcibly();
      }
      SuiteCliIT.Run second = SuiteCliIT.signet(server, person(), "whoami", "-o", "json");
      assertEquals(0, second.code(), second.toString());
      assertEquals(userId, second.json().path("subject").asText());
    }
  }
}
