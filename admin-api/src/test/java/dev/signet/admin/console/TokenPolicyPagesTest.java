package dev.signet.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.admin.ConsoleTestIssuer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The token policy page inside admin-api's tests, where token-service does not serve its policy:
 * the page still renders with a readable message, never a 500; forms need the CSRF token and the
 * page's own checks answer before any call. The page against the real token-service is the deploy
 * suite's (SuiteBrowserIT).
 */
@QuarkusTest
class TokenPolicyPagesTest {

  @TestHTTPResource("/")
  URI base;

  @AfterEach
  void admin() {
    ConsoleTestIssuer.signInAs(new ConsoleTestIssuer.Person("user-admin", "signet:admin", 1));
  }

  private static Map<String, String> policy(String csrf, String skew) {
    return ConsoleBrowser.fields(
        "csrf", csrf,
        "access_token_ttl_seconds", "900",
        "refresh_token_ttl_seconds", "86400",
        "refresh_token_max_lifetime_seconds", "2592000",
        "agent_token_ttl_seconds", "900",
        "audience_token_ttl_seconds", "300",
        "refresh_reuse_grace_seconds", "2",
        "clock_skew_seconds", skew);
  }

  @Test
  void withoutTokenServiceThePageSaysSoAndSavesNothing() {
    ConsoleBrowser browser = new ConsoleBrowser(base);
    HttpResponse<String> page = browser.get("/console/token-policy");
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.body().contains("<h1>Token policy and trusts</h1>"), page.body());
    assertFalse(UserPagesTest.alert(page).isBlank(), page.body());
    HttpResponse<String> saved =
        browser.post("/console/token-policy", policy(ConsoleBrowser.csrf(page), "30"));
    assertEquals(200, saved.statusCode(), saved.body());
    assertFalse(saved.body().contains("Token policy saved."), saved.body());
  }

  @Test
  void aPostWithoutOrWithAForeignCsrfTokenIsRefused() {
    ConsoleBrowser browser = new ConsoleBrowser(base);
    browser.get("/console/token-policy");
    assertEquals(403, browser.post("/console/token-policy", policy("", "30")).statusCode());
    assertEquals(
        403, browser.post("/console/token-policy", policy("forged-token", "30")).statusCode());
  }

  @Test
  void hostileNumbersAreReadableMessagesBeforeAnyCall() {
    ConsoleBrowser browser = new ConsoleBrowser(base);
    String csrf = ConsoleBrowser.csrf(browser.get("/console/token-policy"));
    for (String bad : new String[] {"30\u0000", "9".repeat(40), "thirty", "3\u0660"}) {
      HttpResponse<String> answer = browser.post("/console/token-policy", policy(csrf, bad));
      assertEquals(200, answer.statusCode(), answer.body());
      assertTrue(UserPagesTest.alert(answer).contains("clock_skew_seconds"), answer.body());
    }
  }
}
