package dev.signet.admin.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.admin.ConsoleTestIssuer;
import dev.signet.admin.FakeSes;
import dev.signet.admin.Sql;
import dev.signet.common.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * People and invites managed in the console: the REST API shows each change, forms need the
 * session's CSRF token, bad input shows the API's message and changes nothing.
 */
@QuarkusTest
class UserPagesTest {

  @TestHTTPResource("/")
  URI base;

  @Inject TestTokens tokens;

  @AfterEach
  void admin() {
    ConsoleTestIssuer.signInAs(new ConsoleTestIssuer.Person("user-admin", "signet:admin", 1));
  }

  private String bearer() {
    return tokens.bearer("rest-admin", "signet:admin");
  }

  private static String address(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  private String user(String email) {
    return given()
        .auth()
        .oauth2(bearer())
        .contentType("application/json")
        .body("{\"email\":\"" + email + "\",\"display_name\":\"Ada\",\"roles\":[\"developer\"]}")
        .post("/v1/users")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private Map<String, Object> rest(String id) {
    return given()
        .auth()
        .oauth2(bearer())
        .get("/v1/users/" + id)
        .then()
        .extract()
        .jsonPath()
        .getMap("$");
  }

  private static long invites(String email) {
    return Sql.count("SELECT count(*) FROM invites WHERE email = ?", email);
  }

  @Test
  void adminDisablesEnablesAndSignsAPersonOutEverywhere() {
    String id = user(address("console-user"));
    ConsoleBrowser browser = new ConsoleBrowser(base);
    HttpResponse<String> page = browser.get("/console/users");
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.body().contains("user-" + id), page.body());
    String csrf = ConsoleBrowser.csrf(page);
    HttpResponse<String> row =
        browser.post(
            "/console/users/" + id + "/disable",
            ConsoleBrowser.fields("csrf", csrf),
            Map.of("HX-Request", "true"));
    assertEquals(200, row.statusCode(), row.body());
    assertTrue(row.body().trim().startsWith("<tr id=\"user-" + id + "\""), row.body());
    assertTrue(row.body().contains("<td class=\"status\">disabled</td>"), row.body());
    Map<String, Object> disabled = rest(id);
    assertEquals("disabled", disabled.get("status"));
    int ver = (Integer) disabled.get("user_ver");
    HttpResponse<String> enabled =
        browser.post("/console/users/" + id + "/enable", ConsoleBrowser.fields("csrf", csrf));
    assertEquals(200, enabled.statusCode(), enabled.body());
    assertTrue(enabled.body().contains("<h1>Users and invites</h1>"), enabled.body());
    assertTrue(enabled.body().contains("id=\"page-notice\""), enabled.body());
    // Enabled again, the person is back where they were: invited until they verify their address.
    assertEquals("invited", rest(id).get("status"));
    HttpResponse<String> revoked =
        browser.post(
            "/console/users/" + id + "/revoke-tokens", ConsoleBrowser.fields("csrf", csrf));
    assertEquals(200, revoked.statusCode(), revoked.body());
    assertTrue(revoked.body().contains("Signed out everywhere"), revoked.body());
    assertTrue((Integer) rest(id).get("user_ver") > ver);
  }

  @Test
  void adminInvitesAPersonAndWithdrawsTheInvite() {
    String email = address("console-invite");
    ConsoleBrowser browser = new ConsoleBrowser(base);
    String csrf = ConsoleBrowser.csrf(browser.get("/console/users"));
    HttpResponse<String> sent =
        browser.post(
            "/console/users/invites",
            ConsoleBrowser.fields(
                "csrf", csrf, "email", email, "display_name", "Ada L", "roles", "developer"));
    assertEquals(200, sent.statusCode(), sent.body());
    assertTrue(sent.body().contains("Invitation mailed to " + email), sent.body());
    assertEquals(1, FakeSes.to(email).size());
    FakeSes.Mail mail = FakeSes.to(email).get(0);
    java.util.regex.Matcher link =
        java.util.regex.Pattern.compile("token=([A-Za-z0-9_-]+)").matcher(mail.text());
    if (link.find()) {
      assertFalse(sent.body().contains(link.group(1)), "the link's token is only in the mail");
    }
    String inviteId =
        given()
            .auth()
            .oauth2(bearer())
            .queryParam("email", email)
            .get("/v1/invites")
            .then()
            .statusCode(200)
            .body("items[0].status", equalTo("pending"))
            .body("items[0].invited_by", equalTo("user-admin"))
            .extract()
            .path("items[0].id");
    HttpResponse<String> row =
        browser.post(
            "/console/users/invites/" + inviteId + "/revoke",
            ConsoleBrowser.fields("csrf", csrf, "reason", "wrong address"),
            Map.of("HX-Request", "true"));
    assertEquals(200, row.statusCode(), row.body());
    assertTrue(row.body().trim().startsWith("<tr id=\"invite-" + inviteId + "\""), row.body());
    given()
        .auth()
        .oauth2(bearer())
        .get("/v1/invites/" + inviteId)
        .then()
        .body("status", equalTo("revoked"))
        .body("revoked_by", equalTo("user-admin"))
        .body("revoke_reason", equalTo("wrong address"));
    HttpResponse<String> again =
        browser.post(
            "/console/users/invites/" + inviteId + "/revoke", ConsoleBrowser.fields("csrf", csrf));
    assertEquals(200, again.statusCode(), again.body());
    assertTrue(again.body().contains("role=\"alert\""), again.body());
  }

  @Test
  void formsWithoutOrWithAForeignCsrfTokenAreRefusedAndChangeNothing() {
    String id = user(address("console-ucsrf"));
    String email = address("console-icsrf");
    ConsoleBrowser browser = new ConsoleBrowser(base);
    browser.get("/console/users");
    String foreign = ConsoleBrowser.csrf(new ConsoleBrowser(base).get("/console/users"));
    for (String bad : new String[] {null, foreign, "1.AAAA", "x".repeat(10_000)}) {
      Map<String, String> fields =
          bad == null ? ConsoleBrowser.fields() : ConsoleBrowser.fields("csrf", bad);
      for (String action : new String[] {"disable", "revoke-tokens"}) {
        HttpResponse<String> refused = browser.post("/console/users/" + id + "/" + action, fields);
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("Form expired"), refused.body());
      }
      Map<String, String> invite = new java.util.LinkedHashMap<>(fields);
      invite.put("email", email);
      assertEquals(403, browser.post("/console/users/invites", invite).statusCode());
    }
    Map<String, Object> after = rest(id);
    assertEquals("invited", after.get("status"));
    assertEquals(1, after.get("user_ver"));
    assertEquals(0, invites(email));
    assertEquals(0, FakeSes.to(email).size());
  }

  @Test
  void personWithoutTheAdminScopeGetsTheRefusalPage() {
    ConsoleTestIssuer.signInAs(
        new ConsoleTestIssuer.Person("user-people", "signet:users:admin", 1));
    HttpResponse<String> page = new ConsoleBrowser(base).get("/console/users");
    assertEquals(403, page.statusCode(), page.body());
    assertTrue(page.body().contains("Not an administrator"), page.body());
    assertFalse(page.body().contains("Invite a person"), page.body());
  }

  @Test
  void badInputShowsTheApisMessageAndChangesNothing() {
    ConsoleBrowser browser = new ConsoleBrowser(base);
    String csrf = ConsoleBrowser.csrf(browser.get("/console/users"));
    long before = Sql.count("SELECT count(*) FROM invites");
    String[][] cases = {
      {"email", "", "email"},
      {"email", "not-an-address", "email"},
      {"email", "a".repeat(10_000) + "@example.com", "email"},
      {"email", "a\u0000b@example.com", "email must not contain NUL"},
      {"display_name", "Ada\u0007", "display_name must not contain NUL"},
      {"display_name", "n".repeat(10_000), "display_name"},
      {"roles", "dev\u0000eloper", "roles must not contain NUL"},
      {"roles", "r".repeat(10_000), "roles"},
    };
    for (String[] c : cases) {
      Map<String, String> fields =
          ConsoleBrowser.fields(
              "csrf", csrf, "email", address("console-bad"), "roles", "developer");
      fields.put(c[0], c[1]);
      HttpResponse<String> page = browser.post("/console/users/invites", fields);
      assertEquals(200, page.statusCode(), c[0] + ": " + page.body());
      String alert = alert(page);
      assertTrue(alert.contains(c[2]), c[0] + ": " + alert);
      assertFalse(page.body().contains("Invitation mailed"), page.body());
    }
    assertEquals(before, Sql.count("SELECT count(*) FROM invites"));
    for (String bad :
        new String[] {"not-a-uuid", "x".repeat(10_000), UUID.randomUUID().toString()}) {
      HttpResponse<String> page =
          browser.post("/console/users/" + bad + "/disable", ConsoleBrowser.fields("csrf", csrf));
      assertEquals(200, page.statusCode(), page.body());
      assertTrue(page.body().contains("role=\"alert\""), page.body());
    }
    HttpResponse<String> reason =
        browser.post(
            "/console/users/invites/" + UUID.randomUUID() + "/revoke",
            ConsoleBrowser.fields("csrf", csrf, "reason", "r\u0000"));
    assertEquals(200, reason.statusCode(), reason.body());
    assertTrue(reason.body().contains("reason"), reason.body());
  }

  /** The page's error block: the API's message and its field errors. */
  static String alert(HttpResponse<String> page) {
    int at = page.body().indexOf("id=\"page-error\"");
    assertTrue(at > 0, page.body());
    return page.body().substring(at, page.body().indexOf("</div>", at));
  }

  @Test
  void hostileFiltersShowAReadableMessage() {
    ConsoleBrowser browser = new ConsoleBrowser(base);
    String[] queries = {
      "status=bogus",
      "email=" + "e".repeat(10_000),
      "role=%D0%B0dmin%E2%80%AE",
      "cursor=junk",
      "invite_status=bogus",
      "invite_cursor=" + "9".repeat(300)
    };
    for (String q : queries) {
      HttpResponse<String> page = browser.get("/console/users?" + q);
      assertEquals(200, page.statusCode(), q.substring(0, Math.min(40, q.length())));
      assertTrue(page.body().contains("<h1>Users and invites</h1>"), page.body());
    }
    assertTrue(
        browser
            .get("/console/users?status=bogus")
            .body()
            .contains("status must be one of invited, active, disabled, deleted."));
    assertTrue(
        browser
            .get("/console/users?invite_status=bogus")
            .body()
            .contains("status must be one of pending, redeemed, expired, revoked."));
  }
}
