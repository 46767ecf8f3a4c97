package dev.signet.token.passkey;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.token.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The invite link's page over plain HTTP, against an admin-api that answers as {@code /v1/verify}
 * does ({@link AdminVerifyStub}): nothing is redeemed on GET, the POST redeems once, and every
 * refusal is a readable page that changes nothing.
 */
@QuarkusTest
class WelcomePageTest {

  private static final List<String> HOSTILE =
      List.of(
          "x".repeat(10_000),
          "abc\u0000def",
          "abc\u0007def",
          "tоken", // Cyrillic o among Latin letters
          "99999999999999999999999999999999999999",
          "");

  private static Response post(String invite, String token) {
    return given()
        .redirects()
        .follow(false)
        .contentType("application/x-www-form-urlencoded; charset=UTF-8")
        .formParam("invite", invite)
        .formParam("token", token)
        .post("/welcome");
  }

  private static List<String> sessionsOf(AdminVerifyStub.Invite invite) {
    return Fixtures.column(
        "SELECT auth_method FROM sessions WHERE user_id = ? AND ended_at IS NULL", invite.userId());
  }

  private static void assertPage(Response page, int status, String sentence) {
    assertEquals(status, page.statusCode(), page.body().asString());
    assertTrue(page.contentType().startsWith("text/html"), page.contentType());
    assertTrue(page.body().asString().contains(sentence), page.body().asString());
  }

  /**
   * A control character in a URL is refused by common's router guard before any page runs (a 400
   * problem+json); everything else reaches the page and gets its readable 400.
   */
  static void assertQueryRefused(Response page, String bad) {
    if (bad.chars().anyMatch(c -> c < 0x20)) {
      assertEquals(400, page.statusCode(), page.body().asString());
    } else {
      assertPage(page, 400, "invite link is incomplete");
    }
  }

  @Test
  void showingTheLinkRedeemsNothing() {
    AdminVerifyStub.Invite invite = AdminVerifyStub.invite();
    int calls = AdminVerifyStub.CALLS.get();
    Response page =
        given()
            .queryParam("invite", invite.id())
            .queryParam("token", invite.token())
            .get("/welcome");
    assertPage(page, 200, "Continue");
    String body = page.body().asString();
    assertTrue(body.contains("value=\"" + invite.id() + "\""), body);
    assertTrue(body.contains("method=\"post\" action=\"/welcome\""), body);
    assertFalse(body.contains("<script>"), "no inline script: " + body);
    assertEquals(calls, AdminVerifyStub.CALLS.get(), "a mail scanner's GET redeems nothing");
    assertFalse(AdminVerifyStub.redeemed(invite));
    assertTrue(page.header("Content-Security-Policy").contains("script-src 'self'"));
  }

  @Test
  void continuingRedeemsOnceAndOpensAShortSessionForCreatingThePasskey() {
    AdminVerifyStub.Invite invite = AdminVerifyStub.invite();
    Response page = post(invite.id().toString(), invite.token());
    assertPage(page, 200, "Create your passkey");
    String body = page.body().asString();
    assertTrue(body.contains("ket_"), "the key enrollment token is shown once");
    assertTrue(body.contains("signet login --issuer http://127.0.0.1:8081"), body);
    assertTrue(body.contains("<script src=\"/assets/passkeys.js\""), body);
    String cookie = page.header("Set-Cookie");
    assertTrue(cookie.startsWith("signet_session="), cookie);
    assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
    assertEquals("no-store", page.header("Cache-Control"));
    assertEquals(List.of("invite"), sessionsOf(invite));
    assertEquals(
        List.of("true"),
        Fixtures.column(
            "SELECT (expires_at - created_at <= interval '15 minutes')::text FROM sessions"
                + " WHERE user_id = ?",
            invite.userId()),
        "an invite's session is short");

    assertPage(post(invite.id().toString(), invite.token()), 410, "This invite was already used.");
    assertEquals(List.of("invite"), sessionsOf(invite), "a used invite opens nothing");
  }

  @Test
  void aWrongTokenOrAnExpiredInviteShowsAdminApisReason() {
    AdminVerifyStub.Invite invite = AdminVerifyStub.invite();
    assertPage(post(invite.id().toString(), "wrong-token"), 404, "No invite matches this link.");
    AdminVerifyStub.Invite expired = AdminVerifyStub.invite(true);
    assertPage(
        post(expired.id().toString(), expired.token()),
        410,
        "This invite has expired; ask for a new one.");
    assertEquals(List.of(), sessionsOf(invite));
    assertEquals(List.of(), sessionsOf(expired));
    assertFalse(AdminVerifyStub.redeemed(invite));
  }

  @Test
  void aPostFromAnotherSiteIsRefusedAndRedeemsNothing() {
    AdminVerifyStub.Invite invite = AdminVerifyStub.invite();
    int calls = AdminVerifyStub.CALLS.get();
    Response page =
        given()
            .redirects()
            .follow(false)
            .header("Origin", "https://evil.example")
            .contentType("application/x-www-form-urlencoded")
            .formParam("invite", invite.id().toString())
            .formParam("token", invite.token())
            .post("/welcome");
    assertPage(page, 403, "did not come from this site");
    assertEquals(calls, AdminVerifyStub.CALLS.get());
    assertFalse(AdminVerifyStub.redeemed(invite));
    assertEquals(List.of(), sessionsOf(invite));
  }

  @Test
  void hostileValuesInEitherParameterAreAReadable400AndAskAdminApiNothing() {
    AdminVerifyStub.Invite invite = AdminVerifyStub.invite();
    int calls = AdminVerifyStub.CALLS.get();
    for (String bad : HOSTILE) {
      if (bad.length() > 4000) {
        // token-service takes request lines up to 16 KB (for authorize requests), so an overlong
        // value reaches the page and is refused there.
        assertEquals(
            400,
            given()
                .queryParam("invite", bad)
                .queryParam("token", "t")
                .get("/welcome")
                .statusCode());
      } else {
        assertQueryRefused(
            given().queryParam("invite", bad).queryParam("token", invite.token()).get("/welcome"),
            bad);
        if (!bad.startsWith("9")) { // digits are base64url: a token of digits is well formed
          assertQueryRefused(
              given().queryParam("invite", invite.id()).queryParam("token", bad).get("/welcome"),
              bad);
        }
      }
      assertPage(post(bad, invite.token()), 400, "invite link is incomplete");
      if (!bad.startsWith("9")) {
        assertPage(post(invite.id().toString(), bad), 400, "invite link is incomplete");
      }
    }
    assertPage(given().get("/welcome"), 400, "invite link is incomplete");
    assertEquals(calls, AdminVerifyStub.CALLS.get());
    assertFalse(AdminVerifyStub.redeemed(invite));
  }

  @Test
  void anAdminApiThatIsDownIsAReadable503() {
    AdminVerifyStub.Invite invite = AdminVerifyStub.invite();
    AdminVerifyStub.down = true;
    try {
      assertPage(post(invite.id().toString(), invite.token()), 503, "cannot be redeemed right now");
    } finally {
      AdminVerifyStub.down = false;
    }
    assertEquals(List.of(), sessionsOf(invite));
    // The invite still works once admin-api is back.
    assertPage(post(invite.id().toString(), invite.token()), 200, "Create your passkey");
  }
}
