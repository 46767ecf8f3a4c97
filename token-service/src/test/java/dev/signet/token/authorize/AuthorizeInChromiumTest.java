package dev.signet.token.authorize;

import static dev.signet.token.authorize.AuthorizeFlow.ISSUER;
import static dev.signet.token.authorize.AuthorizeFlow.VERIFIER;
import static dev.signet.token.authorize.AuthorizeFlow.cliRequest;
import static dev.signet.token.authorize.AuthorizeFlow.exchange;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.testing.Chromium;
import dev.signet.common.testing.TestTokens;
import dev.signet.token.session.SignedIn;
import dev.signet.token.user.People;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The CLI's browser login end to end: a real loopback listener, a signed-in person in Chromium, the
 * consent page, the code at the listener, the token endpoint with the verifier; the second login
 * needs no consent.
 */
@QuarkusTest
class AuthorizeInChromiumTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @Inject TestTokens tokens;

  @TestHTTPResource("/")
  URI base;

  @BeforeEach
  void activeKey() {
    tokens.ensureActiveKey();
  }

  private String authorizeUrl(String redirectUri, String state) {
    Map<String, String> params = cliRequest("redirect_uri", redirectUri, "state", state);
    return base.resolve("/oauth2/authorize").toString()
        + "?"
        + params.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
  }

  private static Map<String, String> parse(String rawQuery) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static void signIn(ChromeDriver driver, URI base, SignedIn.Browser browser) {
    driver.get(base.resolve("/device").toString());
    driver.manage().addCookie(new Cookie(browser.cookieName(), browser.cookieValue(), "/"));
  }

  private static void noCspViolations(ChromeDriver driver) {
    List<LogEntry> console = driver.manage().logs().get(LogType.BROWSER).getAll();
    assertTrue(
        console.stream().noneMatch(e -> e.getMessage().contains("Content Security Policy")),
        console.toString());
  }

  @Test
  void aSignedInPersonLogsTheCliInWithConsentOnceThenWithout() throws Exception {
    UUID person = People.person("reader");
    SignedIn.Browser browser = SignedIn.as(person);
    try (LoopbackReceiver cli = new LoopbackReceiver();
        Chromium chromium = Chromium.start("authorize")) {
      ChromeDriver driver = chromium.driver();
      signIn(driver, base, browser);

      driver.get(authorizeUrl(cli.redirectUri(), "first-login"));
      assertEquals("Allow Signet CLI?", driver.findElement(By.tagName("h1")).getText());
      String scopes = driver.findElement(By.id("scopes")).getText();
      assertTrue(scopes.contains("Know who you are") && scopes.contains("reader"), scopes);
      noCspViolations(driver);
      chromium.screenshot("consent");
      driver.findElement(By.id("allow")).click();

      Map<String, String> first = parse(cli.next(WAIT));
      assertEquals("first-login", first.get("state"));
      assertEquals(ISSUER, first.get("iss"));
      assertEquals("You can close this tab", driver.findElement(By.tagName("h1")).getText());
      chromium.screenshot("back-at-the-cli");
      Response issued = exchange(first.get("code"), cli.redirectUri(), VERIFIER);
      issued
          .then()
          .statusCode(200)
          .body("scope", equalTo("reader"))
          .body("id_token", notNullValue())
          .body("refresh_token", notNullValue());

      // The second login: the consent on record covers it, so straight back to the CLI.
      driver.get(authorizeUrl(cli.redirectUri(), "second-login"));
      Map<String, String> second = parse(cli.next(WAIT));
      assertEquals("second-login", second.get("state"));
      assertFalse(second.get("code").equals(first.get("code")));
      exchange(second.get("code"), cli.redirectUri(), VERIFIER).then().statusCode(200);
      // Replaying the first code is refused.
      exchange(first.get("code"), cli.redirectUri(), VERIFIER)
          .then()
          .statusCode(400)
          .body("error", equalTo("invalid_grant"));
    }
  }

  @Test
  void denyingSendsAccessDeniedToTheCli() throws Exception {
    SignedIn.Browser browser = SignedIn.as(People.person("reader"));
    try (LoopbackReceiver cli = new LoopbackReceiver();
        Chromium chromium = Chromium.start("authorize-deny")) {
      ChromeDriver driver = chromium.driver();
      signIn(driver, base, browser);
      driver.get(authorizeUrl(cli.redirectUri(), "denied-login"));
      driver.findElement(By.id("deny")).click();
      Map<String, String> answer = parse(cli.next(WAIT));
      assertEquals("access_denied", answer.get("error"));
      assertEquals("denied-login", answer.get("state"));
      assertEquals(ISSUER, answer.get("iss"));
      assertFalse(answer.containsKey("code"));
    }
  }

  @Test
  void aBadRedirectShowsAnErrorPageAndGoesNowhere() throws Exception {
    try (Chromium chromium = Chromium.start("authorize-bad-redirect")) {
      ChromeDriver driver = chromium.driver();
      driver.get(authorizeUrl("http://localhost:9/callback", "x"));
      assertEquals("This request cannot be used", driver.findElement(By.tagName("h1")).getText());
      assertTrue(driver.getCurrentUrl().startsWith(base.resolve("/oauth2/authorize").toString()));
      chromium.screenshot("bad-redirect");
    }
  }
}
