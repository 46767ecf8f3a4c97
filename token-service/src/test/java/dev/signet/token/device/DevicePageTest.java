package dev.signet.token.device;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.testing.Chromium;
import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import dev.signet.token.session.SignedIn;
import dev.signet.token.user.People;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The device approval page ({@code /device}): a real device authorization made as the CLI makes it,
 * looked at and decided by a signed-in person over HTTP and in Chromium, and the polling client's
 * answer.
 */
@QuarkusTest
class DevicePageTest {

  private static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

  @Inject TestTokens tokens;

  @TestHTTPResource("/")
  URI base;

  @BeforeEach
  @AfterEach
  void freshBudgets() {
    tokens.ensureActiveKey();
    // Every test comes from 127.0.0.1: the guessing budget of one must not be another's.
    Fixtures.update("DELETE FROM token_request_budgets");
  }

  /** The CLI's side: device_code and user_code. */
  private record Started(String deviceCode, String userCode, String complete) {}

  private static Started start(String scope) {
    Response r =
        given()
            .header("User-Agent", "signet-cli/1.0 (linux)")
            .formParam("client_id", "signet-cli")
            .formParam("scope", scope)
            .post("/oauth2/device_authorization");
    r.then().statusCode(200);
    return new Started(
        r.path("device_code"), r.path("user_code"), r.path("verification_uri_complete"));
  }

  private static Response poll(String deviceCode) {
    return given()
        .formParam("grant_type", DEVICE_GRANT)
        .formParam("device_code", deviceCode)
        .formParam("client_id", "signet-cli")
        .post("/oauth2/token");
  }

  /** Polls as RFC 8628 section 3.5 says, bounded. */
  private static Response pollUntilDecided(String deviceCode) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    int interval = 1;
    while (System.nanoTime() < deadline) {
      Thread.sleep(interval * 1000L + 100);
      Response r = poll(deviceCode);
      String error = r.path("error");
      if ("slow_down".equals(error)) {
        interval += 5;
      } else if (!"authorization_pending".equals(error)) {
        return r;
      }
    }
    throw new AssertionError("still pending after 30 s");
  }

  private static RequestSpecification as(SignedIn.Browser browser) {
    RequestSpecification spec = given().redirects().follow(false);
    return browser == null ? spec : spec.cookie(browser.cookieName(), browser.cookieValue());
  }

  private static Response page(SignedIn.Browser browser, String userCode) {
    RequestSpecification spec = as(browser);
    if (userCode != null) {
      spec = spec.queryParam("user_code", userCode);
    }
    return spec.get("/device");
  }

  private static Response decide(
      SignedIn.Browser browser, String csrf, String userCode, String decision) {
    RequestSpecification spec = as(browser).contentType("application/x-www-form-urlencoded");
    if (csrf != null) {
      spec = spec.formParam("csrf", csrf);
    }
    return spec.formParam("user_code", userCode).formParam("decision", decision).post("/device");
  }

  private static String status(Started started) {
    return Fixtures.column(
            "SELECT status FROM device_codes WHERE user_code = ?",
            started.userCode().replace("-", ""))
        .get(0);
  }

  private static void assertPage(Response r, int status, String words) {
    assertEquals(status, r.statusCode(), r.asString());
    assertTrue(r.contentType().startsWith("text/html"), r.contentType());
    assertTrue(r.asString().contains(words), r.asString());
  }

  @Test
  void notSignedInGoesToSignInAndBackWithTheCode() {
    Started started = start("reader");
    Response r = page(null, started.userCode());
    assertEquals(303, r.statusCode());
    assertTrue(
        r.header("Location")
            .endsWith("/signin?return=%2Fdevice%3Fuser_code%3D" + started.userCode()),
        r.header("Location"));
  }

  @Test
  void theConfirmPageShowsWhoAsksForWhatFromWhereAndWhen() {
    SignedIn.Browser browser = SignedIn.as(People.person("reader"));
    assertPage(page(browser, null), 200, "Enter the code your device");
    Started started = start("reader orders:write");
    // As typed by a person: lower case, no dash.
    Response r = page(browser, started.userCode().toLowerCase().replace("-", ""));
    assertPage(r, 200, "Approve Signet CLI?");
    String html = r.asString();
    assertTrue(html.contains(started.userCode()), html);
    assertTrue(html.contains("127.0.0.1"), html);
    assertTrue(html.contains("signet-cli/1.0 (linux)"), html);
    assertTrue(html.matches("(?s).*\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC.*"), html);
    assertTrue(html.contains("orders:write"), html);
    assertTrue(html.contains("name=\"csrf\" value=\"" + browser.csrf() + "\""), html);
    assertTrue(r.header("Content-Security-Policy").contains("script-src 'self'"));
    assertEquals("pending", status(started));
  }

  @Test
  void wrongHostileAndTooManyCodesAreReadablePages() {
    SignedIn.Browser browser = SignedIn.as(People.person("reader"));
    assertPage(page(browser, "BCDF-GHJK"), 404, "No waiting request has this code");
    assertPage(page(browser, "x".repeat(10_000)), 404, "No waiting request");
    assertPage(page(browser, "\u0436\u0436\u0436\u0436-GHJK"), 404, "No waiting request");
    assertPage(page(browser, "BCDF\u0000GHJK"), 400, "characters no code has");
    for (int i = 0; i < 25; i++) {
      page(browser, "BCDF-GHJK");
    }
    Started started = start("reader");
    // The budget is spent: even the right code is refused until the window ends.
    assertPage(page(browser, started.userCode()), 429, "Too many wrong codes");
    assertEquals("pending", status(started));
  }

  @Test
  void aDecisionWithoutTheSessionsCsrfTokenIsRefusedAndChangesNothing() {
    SignedIn.Browser browser = SignedIn.as(People.person("reader"));
    SignedIn.Browser other = SignedIn.as(People.person("reader"));
    Started started = start("reader");
    assertPage(decide(browser, null, started.userCode(), "approve"), 403, "Reload the page");
    assertPage(decide(browser, other.csrf(), started.userCode(), "approve"), 403, "Reload");
    assertPage(decide(null, browser.csrf(), started.userCode(), "approve"), 401, "Sign in");
    assertPage(decide(browser, browser.csrf(), started.userCode(), "maybe"), 400, "Approve or");
    assertEquals("pending", status(started));
    poll(started.deviceCode()).then().body("error", equalTo("authorization_pending"));
  }

  @Test
  void denyingGivesThePollingClientAccessDeniedAndASecondAnswerIsRefused() throws Exception {
    SignedIn.Browser browser = SignedIn.as(People.person("reader"));
    Started started = start("reader");
    assertPage(decide(browser, browser.csrf(), started.userCode(), "deny"), 200, "Device denied");
    pollUntilDecided(started.deviceCode()).then().body("error", equalTo("access_denied"));
    assertPage(
        decide(browser, browser.csrf(), started.userCode(), "approve"), 404, "No waiting request");
    assertEquals("denied", status(started));
  }

  @Test
  void aPersonApprovesARealDeviceRequestInChromiumAndTheClientGetsItsToken() throws Exception {
    UUID person = People.person("reader");
    SignedIn.Browser browser = SignedIn.as(person);
    Started started = start("reader");
    try (Chromium chromium = Chromium.start("device")) {
      ChromeDriver driver = chromium.driver();
      driver.get(base.resolve("/device").toString());
      // Not signed in yet: the page sends the person to sign in.
      assertTrue(driver.getCurrentUrl().contains("/signin"), driver.getCurrentUrl());
      driver.manage().addCookie(new Cookie(browser.cookieName(), browser.cookieValue(), "/"));

      // verification_uri_complete: the code is filled in; only its path is ours to open.
      String complete = URI.create(started.complete()).getRawQuery();
      driver.get(base.resolve("/device").toString());
      chromium.screenshot("enter");
      driver.findElement(By.id("user_code")).sendKeys(started.userCode());
      driver.findElement(By.id("continue")).click();
      assertEquals("Approve Signet CLI?", driver.findElement(By.tagName("h1")).getText());
      assertEquals(started.userCode(), driver.findElement(By.id("code")).getText());
      assertTrue(driver.findElement(By.id("address")).getText().contains("127.0.0.1"));
      assertTrue(driver.findElement(By.id("scopes")).getText().contains("reader"));
      chromium.screenshot("confirm");

      driver.get(base.resolve("/device?" + complete).toString());
      assertEquals(started.userCode(), driver.findElement(By.id("code")).getText());
      driver.findElement(By.id("approve")).click();
      assertEquals("Device approved", driver.findElement(By.tagName("h1")).getText());
      chromium.screenshot("approved");
    }
    Response issued = pollUntilDecided(started.deviceCode());
    issued.then().statusCode(200).body("scope", equalTo("reader"));
    assertEquals(
        List.of(person.toString()),
        Fixtures.column(
            "SELECT subject FROM device_codes WHERE user_code = ?",
            started.userCode().replace("-", "")));
    assertFalse(issued.asString().isEmpty());
  }

  @Test
  void aPersonDeniesInChromium() throws Exception {
    SignedIn.Browser browser = SignedIn.as(People.person("reader"));
    Started started = start("reader");
    try (Chromium chromium = Chromium.start("device-deny")) {
      ChromeDriver driver = chromium.driver();
      driver.get(base.resolve("/device").toString());
      driver.manage().addCookie(new Cookie(browser.cookieName(), browser.cookieValue(), "/"));
      driver.get(
          base.resolve("/device?" + URI.create(started.complete()).getRawQuery()).toString());
      driver.findElement(By.id("deny")).click();
      assertEquals("Device denied", driver.findElement(By.tagName("h1")).getText());
      chromium.screenshot("denied");
    }
    pollUntilDecided(started.deviceCode()).then().body("error", equalTo("access_denied"));
  }
}
