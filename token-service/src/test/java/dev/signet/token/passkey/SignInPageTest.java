package dev.signet.token.passkey;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.testing.Chromium;
import dev.signet.token.Fixtures;
import dev.signet.token.user.People;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Cookie;

/**
 * Sign-in refusals: assertions made by a real authenticator in Chromium, then replayed, sent with
 * another challenge or for a disabled person over plain HTTP; and hostile form values.
 */
@QuarkusTest
class SignInPageTest {

  private static final String CHALLENGE = "signet_webauthn_challenge";

  private static final List<String> HOSTILE =
      List.of(
          "x".repeat(10_000),
          "abc\u0000def",
          "abc\u0007def",
          "/аccount", // Cyrillic a
          "99999999999999999999999999999999999999");

  @TestHTTPResource("/")
  URI uri;

  private static RequestSpecification form() {
    return given()
        .redirects()
        .follow(false)
        .contentType("application/x-www-form-urlencoded; charset=UTF-8");
  }

  private static Response post(String challengeCookie, String credential) {
    RequestSpecification spec = form().formParam("credential", credential);
    if (challengeCookie != null) {
      spec = spec.cookie(CHALLENGE, challengeCookie);
    }
    return spec.post("/signin");
  }

  private static int liveSessions(UUID user) {
    return Fixtures.column(
            "SELECT id::text FROM sessions WHERE user_id = ? AND ended_at IS NULL", user)
        .size();
  }

  private static void assertPage(Response page, int status, String sentence) {
    assertEquals(status, page.statusCode(), page.body().asString());
    assertTrue(page.contentType().startsWith("text/html"), page.contentType());
    assertTrue(page.body().asString().contains(sentence), page.body().asString());
  }

  @Test
  void anAssertionSignsInOnceAndNeitherAReplayNorAnotherChallengeSignsInAgain() {
    AdminVerifyStub.Invite invite = AdminVerifyStub.invite();
    String base = PasskeyBrowser.base(uri);
    try (Chromium chromium = Chromium.start("signin-replay")) {
      chromium.passkeyAuthenticator();
      PasskeyBrowser.enrollFromInvite(chromium, base, invite);
      chromium.driver().manage().deleteAllCookies();
      int before = liveSessions(invite.userId());

      String assertion = PasskeyBrowser.assertion(chromium, base);
      assertTrue(assertion.startsWith("{"), assertion);
      Cookie challenge = chromium.driver().manage().getCookieNamed(CHALLENGE);
      assertNotNull(challenge, "the challenge lives in its own cookie");
      assertTrue(challenge.isHttpOnly());

      // The same assertion with a fresh challenge (another sign-in attempt's) is refused.
      Response fresh = given().get("/signin/options");
      assertEquals(200, fresh.statusCode());
      String other = fresh.cookie(CHALLENGE);
      assertNotNull(other);
      assertPage(post(other, assertion), 400, "could not be verified");
      assertPage(post(null, assertion), 400, "could not be verified");
      assertEquals(before, liveSessions(invite.userId()));

      Response signedIn = post(challenge.getValue(), assertion);
      assertEquals(303, signedIn.statusCode(), signedIn.body().asString());
      assertTrue(signedIn.header("Location").endsWith("/account"), signedIn.header("Location"));
      assertTrue(
          signedIn.headers().getValues("Set-Cookie").stream()
              .anyMatch(c -> c.startsWith("signet_session=")),
          signedIn.headers().toString());
      assertEquals(before + 1, liveSessions(invite.userId()));

      // Replayed with the very same challenge cookie: the counter did not go up.
      assertPage(post(challenge.getValue(), assertion), 400, "could not be verified");
      assertEquals(before + 1, liveSessions(invite.userId()));
    }
  }

  @Test
  void aDisabledPersonsPasskeyNoLongerSignsInAndTheirSessionEnds() {
    AdminVerifyStub.Invite invite = AdminVerifyStub.invite();
    String base = PasskeyBrowser.base(uri);
    try (Chromium chromium = Chromium.start("signin-disabled")) {
      chromium.passkeyAuthenticator();
      PasskeyBrowser.enrollFromInvite(chromium, base, invite);
      String session = chromium.driver().manage().getCookieNamed("signet_session").getValue();

      People.disable(invite.userId());
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      int status;
      do {
        status =
            given()
                .redirects()
                .follow(false)
                .cookie("signet_session", session)
                .get("/account")
                .statusCode();
      } while (status == 200 && System.nanoTime() < deadline);
      assertEquals(303, status, "the disabled person's session has ended");
      assertEquals(0, liveSessions(invite.userId()));

      chromium.driver().manage().deleteAllCookies();
      String assertion = PasskeyBrowser.assertion(chromium, base);
      Cookie challenge = chromium.driver().manage().getCookieNamed(CHALLENGE);
      assertPage(post(challenge.getValue(), assertion), 403, "This account cannot sign in.");
      assertEquals(0, liveSessions(invite.userId()));
    }
  }

  @Test
  void hostileValuesInEveryParameterAreAReadable400() {
    String challenge = given().get("/signin/options").cookie(CHALLENGE);
    for (String bad : HOSTILE) {
      assertPage(post(challenge, bad), 400, "could not be verified");
      if (bad.length() < 4000) {
        Response page = given().queryParam("return", bad).get("/signin");
        if (bad.chars().anyMatch(c -> c < 0x20)) {
          // common's router guard refuses a control character in a URL before any page runs.
          assertEquals(400, page.statusCode());
        } else {
          assertPage(page, 400, "sign-in link was changed");
        }
      }
      assertPage(
          form().formParam("credential", "{}").formParam("return", bad).post("/signin"),
          400,
          "sign-in link was changed");
    }
    for (String json :
        List.of(
            "[]",
            "{\"id\":\"x\"}",
            "{\"id\":\"x\",\"rawId\":\"eA\",\"type\":\"public-key\",\"response\":{}}",
            "{\"id\":1,\"rawId\":[],\"type\":null,\"response\":\"\"}")) {
      assertPage(post(challenge, json), 400, "could not be verified");
    }
    for (String away : List.of("https://evil.example/", "//evil.example", "/\\evil.example")) {
      assertPage(
          given().queryParam("return", away).get("/signin"), 400, "sign-in link was changed");
    }
  }

  @Test
  void aSignInPostFromAnotherSiteIsRefused() {
    assertPage(
        form()
            .header("Origin", "https://evil.example")
            .formParam("credential", "{}")
            .post("/signin"),
        403,
        "did not come from this site");
  }

  @Test
  void theSignInPageKeepsASafeReturnPathAndHasNoInlineScript() {
    Response page = given().queryParam("return", "/device?user_code=ABCD-EFGH").get("/signin");
    assertPage(page, 200, "Sign in with a passkey");
    String body = page.body().asString();
    assertTrue(body.contains("value=\"/device?user_code=ABCD-EFGH\""), body);
    assertTrue(!body.contains("<script>") && body.contains("src=\"/assets/passkeys.js\""), body);
  }
}
