package dev.signet.admin.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.admin.ConsoleTestIssuer;
import dev.signet.admin.Sql;
import dev.signet.common.secret.SecretHasher;
import dev.signet.common.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Service accounts managed in the console: the REST API shows each change, a new secret is shown
 * exactly once, forms need the session's CSRF token, and bad input shows the API's message.
 */
@QuarkusTest
class ServiceAccountPagesTest {

  private static final Pattern SECRET =
      Pattern.compile("<p class=\"secret\" id=\"secret\">([^<]+)</p>");

  @TestHTTPResource("/")
  URI base;

  @Inject TestTokens tokens;
  @Inject SecretHasher hasher;

  @AfterEach
  void admin() {
    ConsoleTestIssuer.signInAs(new ConsoleTestIssuer.Person("user-admin", "signet:admin", 1));
  }

  private static String clientId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Map<String, Object> row(String clientId) {
    return Sql.row("SELECT * FROM service_accounts WHERE client_id = ?", clientId);
  }

  private static long accounts() {
    return Sql.count("SELECT count(*) FROM service_accounts");
  }

  private boolean stores(String clientId, String secret) {
    Map<String, Object> r = row(clientId);
    return hasher.matches(
        secret, (byte[]) r.get("secret_hash"), (Integer) r.get("secret_hash_version"));
  }

  private static String secretOn(HttpResponse<String> page) {
    Matcher m = SECRET.matcher(page.body());
    assertTrue(m.find(), page.body());
    String secret = m.group(1);
    assertFalse(m.find(), "the secret appears once: " + page.body());
    return secret;
  }

  private String bearer() {
    return tokens.bearer("rest-reader", "signet:admin");
  }

  private HttpResponse<String> create(ConsoleBrowser browser, String csrf, String clientId) {
    return browser.post(
        "/console/service-accounts",
        ConsoleBrowser.fields(
            "csrf", csrf,
            "client_id", clientId,
            "name", "Deployer " + clientId,
            "scopes", "deploy:write artifacts:read",
            "team", "platform",
            "rate_limit_per_minute", "600",
            "description", ""));
  }

  @Test
  void adminCreatesAnAccountAndTheSecretIsShownExactlyOnce() {
    String id = clientId("console-ci");
    ConsoleBrowser browser = new ConsoleBrowser(base);
    HttpResponse<String> page = browser.get("/console/service-accounts");
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.body().contains("<h1>Service accounts</h1>"), page.body());
    String secret;
    try (LogCapture logs = LogCapture.open()) {
      HttpResponse<String> created = create(browser, ConsoleBrowser.csrf(page), id);
      assertEquals(200, created.statusCode(), created.body());
      assertEquals("no-store", created.headers().firstValue("Cache-Control").orElseThrow());
      secret = secretOn(created);
      assertTrue(secret.length() >= 32, secret);
      assertTrue(stores(id, secret));
      HttpResponse<String> list = browser.get("/console/service-accounts?name=" + id);
      assertTrue(list.body().contains("account-" + id), list.body());
      assertFalse(list.body().contains(secret), list.body());
      assertFalse(logs.contains(secret), "the secret was logged");
    }
    given()
        .auth()
        .oauth2(bearer())
        .get("/v1/service-accounts/" + id)
        .then()
        .statusCode(200)
        .body("name", equalTo("Deployer " + id))
        .body("team", equalTo("platform"))
        .body("scopes", org.hamcrest.Matchers.contains("deploy:write", "artifacts:read"))
        .body("rate_limit_per_minute", equalTo(600))
        .body("created_by", equalTo("user-admin"))
        .body("$", not(hasKey("client_secret")));
    assertFalse(
        given()
            .auth()
            .oauth2(bearer())
            .get("/v1/service-accounts/" + id)
            .asString()
            .contains(secret));
  }

  @Test
  void disableByHtmxAndEnableByPlainPostShowInTheRestApi() {
    String id = clientId("console-dis");
    ConsoleBrowser browser = new ConsoleBrowser(base);
    String csrf = ConsoleBrowser.csrf(browser.get("/console/service-accounts"));
    create(browser, csrf, id);
    HttpResponse<String> row =
        browser.post(
            "/console/service-accounts/" + id + "/disable",
            ConsoleBrowser.fields(),
            Map.of("X-CSRF-Token", csrf, "HX-Request", "true"));
    assertEquals(200, row.statusCode(), row.body());
    assertTrue(row.body().trim().startsWith("<tr id=\"account-" + id + "\""), row.body());
    assertTrue(row.body().contains("<td class=\"status\">disabled</td>"), row.body());
    given()
        .auth()
        .oauth2(bearer())
        .get("/v1/service-accounts/" + id)
        .then()
        .body("status", equalTo("disabled"));
    HttpResponse<String> page =
        browser.post(
            "/console/service-accounts/" + id + "/enable", ConsoleBrowser.fields("csrf", csrf));
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.body().contains("Enabled " + id + "."), page.body());
    given()
        .auth()
        .oauth2(bearer())
        .get("/v1/service-accounts/" + id)
        .then()
        .body("status", equalTo("active"));
  }

  @Test
  void rotatingShowsTheNewSecretOnceAndKeepsTheOldOneForTheOverlap() {
    String id = clientId("console-rot");
    ConsoleBrowser browser = new ConsoleBrowser(base);
    String csrf = ConsoleBrowser.csrf(browser.get("/console/service-accounts"));
    String first = secretOn(create(browser, csrf, id));
    HttpResponse<String> rotated =
        browser.post(
            "/console/service-accounts/" + id + "/rotate-secret",
            ConsoleBrowser.fields("csrf", csrf, "overlap_seconds", "3600"));
    assertEquals(200, rotated.statusCode(), rotated.body());
    String second = secretOn(rotated);
    assertNotEquals(first, second);
    assertFalse(rotated.body().contains(first), rotated.body());
    assertTrue(rotated.body().contains("The previous secret keeps working until"), rotated.body());
    assertTrue(stores(id, second));
    given()
        .auth()
        .oauth2(bearer())
        .get("/v1/service-accounts/" + id)
        .then()
        .body("previous_secret_expires_at", org.hamcrest.Matchers.notNullValue());

    HttpResponse<String> compromised =
        browser.post(
            "/console/service-accounts/" + id + "/rotate-secret",
            ConsoleBrowser.fields("csrf", csrf, "compromised", "true"));
    String third = secretOn(compromised);
    assertTrue(stores(id, third));
    given()
        .auth()
        .oauth2(bearer())
        .get("/v1/service-accounts/" + id)
        .then()
        .body("previous_secret_expires_at", org.hamcrest.Matchers.nullValue());
  }

  @Test
  void formsWithoutOrWithAForeignCsrfTokenAreRefusedAndChangeNothing() {
    String id = clientId("console-csrf");
    ConsoleBrowser browser = new ConsoleBrowser(base);
    String csrf = ConsoleBrowser.csrf(browser.get("/console/service-accounts"));
    String secret = secretOn(create(browser, csrf, id));
    String foreign = ConsoleBrowser.csrf(new ConsoleBrowser(base).get("/console/service-accounts"));
    long before = accounts();
    for (String bad : new String[] {null, foreign, "1.AAAA", "x".repeat(10_000), "1.\u0000"}) {
      Map<String, String> fields =
          bad == null ? ConsoleBrowser.fields() : ConsoleBrowser.fields("csrf", bad);
      HttpResponse<String> disable =
          browser.post("/console/service-accounts/" + id + "/disable", fields);
      assertEquals(403, disable.statusCode(), disable.body());
      assertTrue(disable.body().contains("Form expired"), disable.body());
      assertEquals(
          403,
          browser.post("/console/service-accounts/" + id + "/rotate-secret", fields).statusCode());
      Map<String, String> createFields = new java.util.LinkedHashMap<>(fields);
      createFields.put("name", "sneaky");
      createFields.put("scopes", "deploy:write");
      HttpResponse<String> made = browser.post("/console/service-accounts", createFields);
      assertEquals(403, made.statusCode());
      assertFalse(made.body().contains("class=\"secret\""), made.body());
    }
    assertEquals(before, accounts());
    assertEquals("active", row(id).get("status"));
    assertTrue(stores(id, secret));
  }

  @Test
  void personWithoutTheAdminScopeGetsTheRefusalPage() {
    ConsoleTestIssuer.signInAs(
        new ConsoleTestIssuer.Person("user-accounts", "signet:accounts:admin", 1));
    HttpResponse<String> page = new ConsoleBrowser(base).get("/console/service-accounts");
    assertEquals(403, page.statusCode(), page.body());
    assertTrue(page.body().contains("Not an administrator"), page.body());
    assertFalse(page.body().contains("Create a service account"), page.body());
  }

  @Test
  void badInputShowsTheApisMessageAndCreatesNothing() {
    ConsoleBrowser browser = new ConsoleBrowser(base);
    String csrf = ConsoleBrowser.csrf(browser.get("/console/service-accounts"));
    long before = accounts();
    String[][] cases = {
      {"name", "n".repeat(10_000), "name"},
      {"name", "a\u0000b", "name must not contain NUL"},
      {"name", "", "name"},
      {"client_id", "\u0430dmin-cyrillic", "client_id"},
      {"client_id", "x".repeat(10_000), "client_id"},
      {"scopes", "deploy:write bad\"scope", "scopes"},
      {"rate_limit_per_minute", "99999999999999999999999999", "rate_limit_per_minute"},
      {"rate_limit_per_minute", "0", "rate_limit_per_minute"},
      {"team", "t\u0007eam", "team must not contain NUL"},
      {"description", "d\u0000", "description must not contain NUL"},
      {"scopes", "signet:internal", "signet:internal"},
    };
    for (String[] c : cases) {
      Map<String, String> fields =
          ConsoleBrowser.fields("csrf", csrf, "name", "ok name", "scopes", "deploy:write");
      fields.put(c[0], c[1]);
      HttpResponse<String> page = browser.post("/console/service-accounts", fields);
      assertEquals(200, page.statusCode(), c[0] + ": " + page.body());
      String alert = UserPagesTest.alert(page);
      assertTrue(alert.contains(c[2]), c[0] + ": " + alert);
      assertFalse(page.body().contains("class=\"secret\""), page.body());
    }
    assertEquals(before, accounts());
  }

  @Test
  void badRotationInputShowsAMessageAndKeepsTheSecret() {
    String id = clientId("console-badrot");
    ConsoleBrowser browser = new ConsoleBrowser(base);
    String csrf = ConsoleBrowser.csrf(browser.get("/console/service-accounts"));
    String secret = secretOn(create(browser, csrf, id));
    for (String overlap : new String[] {"abc", "-1", "99999999999999999999999", "1\u0000"}) {
      HttpResponse<String> page =
          browser.post(
              "/console/service-accounts/" + id + "/rotate-secret",
              ConsoleBrowser.fields("csrf", csrf, "overlap_seconds", overlap));
      assertEquals(200, page.statusCode(), page.body());
      assertTrue(UserPagesTest.alert(page).contains("overlap_seconds"), overlap);
      assertFalse(page.body().contains("class=\"secret\""), page.body());
    }
    HttpResponse<String> unknown =
        browser.post(
            "/console/service-accounts/" + "n".repeat(10_000) + "/disable",
            ConsoleBrowser.fields("csrf", csrf));
    assertTrue(unknown.statusCode() < 500, unknown.body());
    HttpResponse<String> missing =
        browser.post(
            "/console/service-accounts/nobody-here/rotate-secret",
            ConsoleBrowser.fields("csrf", csrf));
    assertEquals(200, missing.statusCode(), missing.body());
    assertTrue(missing.body().contains("role=\"alert\""), missing.body());
    assertTrue(stores(id, secret));
  }

  @Test
  void hostileFiltersShowAReadableMessage() {
    ConsoleBrowser browser = new ConsoleBrowser(base);
    for (String q :
        new String[] {
          "status=bogus",
          "name=" + "n".repeat(10_000),
          "scope=%E2%80%AE%D0%B0dmin",
          "cursor=not-a-cursor",
          "cursor=" + "9".repeat(500)
        }) {
      HttpResponse<String> page = browser.get("/console/service-accounts?" + q);
      assertEquals(200, page.statusCode(), q.substring(0, Math.min(q.length(), 40)) + page.body());
      assertTrue(page.body().contains("<h1>Service accounts</h1>"), q);
    }
    // An encoded NUL never reaches the page; the person still gets a readable page, not JSON.
    HttpResponse<String> nul = browser.get("/console/service-accounts?team=a%00b");
    assertEquals(400, nul.statusCode(), nul.body());
    assertTrue(nul.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
    assertTrue(nul.body().contains("Address not understood"), nul.body());
    HttpResponse<String> bad = browser.get("/console/service-accounts?status=bogus");
    assertTrue(bad.body().contains("status must be one of active, disabled."), bad.body());
    String team = "team-" + UUID.randomUUID();
    String id = clientId("console-filter");
    String csrf = ConsoleBrowser.csrf(browser.get("/console/service-accounts"));
    browser.post(
        "/console/service-accounts",
        ConsoleBrowser.fields(
            "csrf", csrf, "client_id", id, "name", "f", "scopes", "a:b", "team", team));
    HttpResponse<String> filtered =
        browser.get(
            "/console/service-accounts?team=" + URLEncoder.encode(team, StandardCharsets.UTF_8));
    assertTrue(filtered.body().contains("account-" + id), filtered.body());
    assertEquals(1, filtered.body().split("<tr id=\"account-").length - 1, filtered.body());
  }
}
