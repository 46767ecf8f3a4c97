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
 * The keys page inside admin-api's tests, where no key ring runs (the test profile points the
 * client at a closed port): every read and action says the key ring did not answer, never a 500;
 * forms still need the CSRF token, and the page's own checks (the typed kid, numbers) answer before
 * any call. The page against a real key ring is the deploy suite's.
 */
@QuarkusTest
class KeyPagesTest {

  private static final String DID_NOT_ANSWER = "The key ring did not answer";

  @TestHTTPResource("/")
  URI base;

  @AfterEach
  void admin() {
    ConsoleTestIssuer.signInAs(new ConsoleTestIssuer.Person("user-admin", "signet:admin", 1));
  }

  @Test
  void anUnreachableKeyRingShowsAReadableMessage() {
    ConsoleBrowser browser = new ConsoleBrowser(base);
    HttpResponse<String> page = browser.get("/console/keys");
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.body().contains("<h1>Signing keys</h1>"), page.body());
    assertTrue(UserPagesTest.alert(page).contains(DID_NOT_ANSWER), page.body());
    String csrf = ConsoleBrowser.csrf(page);
    Map<String, Map<String, String>> actions =
        Map.of(
            "/console/keys/rotate", ConsoleBrowser.fields("csrf", csrf, "immediate", "true"),
            "/console/keys/kid-1/retire", ConsoleBrowser.fields("csrf", csrf),
            "/console/keys/kid-1/revoke",
                ConsoleBrowser.fields("csrf", csrf, "confirm_kid", "kid-1", "reason", "leaked"),
            "/console/keys/policy",
                ConsoleBrowser.fields(
                    "csrf", csrf,
                    "algorithm", "RS256",
                    "rsa_key_size", "2048",
                    "rotation_interval_seconds", "2592000",
                    "pre_publish_seconds", "86400",
                    "grace_period_seconds", "86400",
                    "jwks_cache_max_age_seconds", "300",
                    "jwks_cache_margin_seconds", "60"));
    actions.forEach(
        (path, fields) -> {
          HttpResponse<String> answer = browser.post(path, fields);
          assertEquals(200, answer.statusCode(), path + ": " + answer.body());
          assertTrue(UserPagesTest.alert(answer).contains(DID_NOT_ANSWER), path);
          assertFalse(answer.body().contains("id=\"page-notice\""), answer.body());
        });
  }

  @Test
  void revokeNeedsTheKidTypedAndThePageChecksItsValuesFirst() {
    ConsoleBrowser browser = new ConsoleBrowser(base);
    String csrf = ConsoleBrowser.csrf(browser.get("/console/keys"));
    HttpResponse<String> mismatch =
        browser.post(
            "/console/keys/kid-1/revoke",
            ConsoleBrowser.fields("csrf", csrf, "confirm_kid", "kid-2", "reason", "leaked"));
    assertEquals(200, mismatch.statusCode(), mismatch.body());
    String alert = UserPagesTest.alert(mismatch);
    assertTrue(alert.contains("confirm_kid must be the key id kid-1"), alert);
    HttpResponse<String> longKid =
        browser.post(
            "/console/keys/" + "k".repeat(10_000) + "/retire", ConsoleBrowser.fields("csrf", csrf));
    assertEquals(200, longKid.statusCode(), longKid.body());
    assertTrue(UserPagesTest.alert(longKid).contains("kid"), longKid.body());
    for (String[] c :
        new String[][] {
          {"rsa_key_size", "9999999999999999999", "rsa_key_size must be a whole number"},
          {"rsa_key_size", "9".repeat(10_000), "rsa_key_size must be at most 20 characters"},
          {"grace_period_seconds", "soon", "grace_period_seconds must be a whole number"},
          {"algorithm", "RS\u0000256", "algorithm must not contain NUL"},
        }) {
      HttpResponse<String> page =
          browser.post("/console/keys/policy", ConsoleBrowser.fields("csrf", csrf, c[0], c[1]));
      assertEquals(200, page.statusCode(), page.body());
      assertTrue(UserPagesTest.alert(page).contains(c[2]), c[0] + ": " + page.body());
    }
  }

  @Test
  void formsWithoutOrWithAForeignCsrfTokenAreRefused() {
    ConsoleBrowser browser = new ConsoleBrowser(base);
    browser.get("/console/keys");
    String foreign = ConsoleBrowser.csrf(new ConsoleBrowser(base).get("/console/keys"));
    for (String path :
        new String[] {
          "/console/keys/rotate", "/console/keys/kid-1/revoke", "/console/keys/policy"
        }) {
      assertEquals(403, browser.post(path, ConsoleBrowser.fields()).statusCode(), path);
      HttpResponse<String> refused = browser.post(path, ConsoleBrowser.fields("csrf", foreign));
      assertEquals(403, refused.statusCode(), path);
      assertTrue(refused.body().contains("Form expired"), refused.body());
    }
  }

  @Test
  void personWithoutTheAdminScopeGetsTheRefusalPage() {
    ConsoleTestIssuer.signInAs(new ConsoleTestIssuer.Person("user-keys", "signet:keys:admin", 1));
    HttpResponse<String> page = new ConsoleBrowser(base).get("/console/keys");
    assertEquals(403, page.statusCode(), page.body());
    assertTrue(page.body().contains("Not an administrator"), page.body());
  }
}
