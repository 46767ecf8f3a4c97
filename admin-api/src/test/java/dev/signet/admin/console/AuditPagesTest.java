package dev.signet.admin.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.admin.ConsoleTestIssuer;
import dev.signet.admin.Sql;
import dev.signet.common.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The audit trail page: the REST API's filters and cursor; hostile filters never give a 500. */
@QuarkusTest
class AuditPagesTest {

  private static final Pattern NEXT = Pattern.compile("<a href=\"([^\"]+)\">Older events</a>");

  @TestHTTPResource("/")
  URI base;

  @Inject TestTokens tokens;

  @AfterEach
  void admin() {
    ConsoleTestIssuer.signInAs(new ConsoleTestIssuer.Person("user-admin", "signet:admin", 1));
  }

  private static void event(String type, String actor, String attributes) {
    Sql.update(
        "INSERT INTO audit_events (id, type, service, actor, subject, outcome, attributes,"
            + " occurred_at) VALUES (?, ?, 'admin', ?, 'someone', 'success', ?::jsonb, now())",
        UUID.randomUUID(),
        type,
        actor,
        attributes);
  }

  private static int rows(HttpResponse<String> page) {
    return page.body().split("<tr class=\"audit-event\"").length - 1;
  }

  @Test
  void filtersAndCursorMatchTheRestApi() {
    String actor = "auditor-" + UUID.randomUUID();
    for (int i = 0; i < 55; i++) {
      event(i == 0 ? "key.rotated" : "token.issued", actor, "{\"n\": " + i + "}");
    }
    ConsoleBrowser browser = new ConsoleBrowser(base);
    HttpResponse<String> first = browser.get("/console/audit?actor=" + actor);
    assertEquals(200, first.statusCode(), first.body());
    assertEquals(50, rows(first));
    assertTrue(first.body().contains("<dt>n</dt><dd>54</dd>"), "newest first: " + first.body());
    Matcher next = NEXT.matcher(first.body());
    assertTrue(next.find(), first.body());
    HttpResponse<String> second = browser.get(next.group(1).replace("&amp;", "&"));
    assertEquals(5, rows(second), second.body());
    assertFalse(NEXT.matcher(second.body()).find());
    HttpResponse<String> typed = browser.get("/console/audit?type=key.rotated&actor=" + actor);
    assertEquals(1, rows(typed), typed.body());
    given()
        .auth()
        .oauth2(tokens.bearer("rest-auditor", "signet:audit:read"))
        .queryParam("actor", actor)
        .queryParam("type", "key.rotated")
        .get("/v1/audit-events")
        .then()
        .statusCode(200)
        .body("items", hasSize(1));
  }

  @Test
  void eventValuesAreEscaped() {
    String actor = "<script>alert(1)</script>" + UUID.randomUUID();
    event("admin.test", actor, "{\"note\": \"<img src=x onerror=alert(1)>\"}");
    HttpResponse<String> page =
        new ConsoleBrowser(base)
            .get("/console/audit?actor=" + URLEncoder.encode(actor, StandardCharsets.UTF_8));
    assertEquals(1, rows(page), page.body());
    assertFalse(page.body().contains("<script>alert(1)"), page.body());
    assertFalse(page.body().contains("<img src=x"), page.body());
    assertTrue(page.body().contains("&lt;script&gt;"), page.body());
  }

  @Test
  void hostileFiltersShowTheApisMessageNeverA500() {
    ConsoleBrowser browser = new ConsoleBrowser(base);
    String[][] cases = {
      {"type=" + "t".repeat(10_000), "type"},
      {"actor=" + "a".repeat(10_000), "actor"},
      {"from=yesterday", "must be an RFC 3339 time"},
      {"from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "must not be after"},
      {"from=99999-01-01T00:00:00Z", "from"},
      {"cursor=" + "9".repeat(300), "is not a cursor this API returned"},
      {"cursor=c2VxOjk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5", "is not a cursor this API returned"},
    };
    for (String[] c : cases) {
      HttpResponse<String> page = browser.get("/console/audit?" + c[0]);
      assertEquals(200, page.statusCode(), c[0].substring(0, Math.min(40, c[0].length())));
      String alert = UserPagesTest.alert(page);
      assertTrue(alert.contains(c[1]), c[1] + ": " + alert);
      assertEquals(0, rows(page));
    }
    // Mixed script and bidi controls are valid text: searched for, found nothing.
    HttpResponse<String> mixed =
        browser.get(
            "/console/audit?actor="
                + URLEncoder.encode("\u0430dmin\u202Eevil", StandardCharsets.UTF_8));
    assertEquals(200, mixed.statusCode(), mixed.body());
    assertTrue(mixed.body().contains("No events."), mixed.body());
    // Invalid UTF-8 decodes to replacement characters: a valid, unmatched filter.
    HttpResponse<String> overlong = browser.get("/console/audit?subject=%C0%AF");
    assertEquals(200, overlong.statusCode(), overlong.body());
    assertTrue(overlong.body().contains("No events."), overlong.body());
    for (String nul : new String[] {"actor=a%00b", "type=%07"}) {
      HttpResponse<String> page = browser.get("/console/audit?" + nul);
      assertEquals(400, page.statusCode(), nul);
      assertTrue(page.body().contains("Address not understood"), page.body());
    }
  }

  @Test
  void personWithoutTheAdminScopeGetsTheRefusalPage() {
    ConsoleTestIssuer.signInAs(
        new ConsoleTestIssuer.Person("user-auditor", "signet:audit:read", 1));
    HttpResponse<String> page = new ConsoleBrowser(base).get("/console/audit");
    assertEquals(403, page.statusCode(), page.body());
    assertTrue(page.body().contains("Not an administrator"), page.body());
  }
}
