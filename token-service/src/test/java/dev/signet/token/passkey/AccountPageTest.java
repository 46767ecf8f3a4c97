package dev.signet.token.passkey;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.token.user.People;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The account page over plain HTTP: who may do what, and every refusal changing nothing. */
@QuarkusTest
class AccountPageTest {

  private static final List<String> HOSTILE =
      List.of(
          "x".repeat(10_000),
          "abc\u0000def",
          "abc\u0007def",
          "Wоrk laptop", // Cyrillic o among Latin letters
          "99999999999999999999999999999999999999");

  private static RequestSpecification as(PageSessions s) {
    return given().redirects().follow(false).cookie("signet_session", s.cookie());
  }

  private static Response remove(PageSessions s, String csrf, String passkey) {
    RequestSpecification spec =
        as(s).contentType("application/x-www-form-urlencoded").formParam("passkey", passkey);
    if (csrf != null) {
      spec = spec.formParam("csrf", csrf);
    }
    return spec.post("/account/passkeys/remove");
  }

  private static void assertPage(Response page, int status, String sentence) {
    assertEquals(status, page.statusCode(), page.body().asString());
    assertTrue(page.contentType().startsWith("text/html"), page.contentType());
    assertTrue(page.body().asString().contains(sentence), page.body().asString());
  }

  @Test
  void withoutASessionTheAccountPageSendsToSignInAndItsFormsRefuse() {
    Response page = given().redirects().follow(false).get("/account");
    assertEquals(303, page.statusCode());
    assertTrue(
        page.header("Location").endsWith("/signin?return=%2Faccount"), page.header("Location"));
    assertPage(
        given()
            .redirects()
            .follow(false)
            .contentType("application/x-www-form-urlencoded")
            .formParam("passkey", UUID.randomUUID().toString())
            .post("/account/passkeys/remove"),
        401,
        "Sign in again");
    assertEquals(401, given().get("/account/passkeys/options").statusCode());
  }

  @Test
  void theAccountPageListsThePasskeysWithTheirFormsCarryingTheCsrfToken() {
    PageSessions s = PageSessions.open();
    PageSessions.passkey(s.userId(), "Work laptop");
    PageSessions.passkey(s.userId(), "Phone");
    Response page = as(s).get("/account");
    assertPage(page, 200, "Work laptop");
    String body = page.body().asString();
    assertTrue(body.contains("Phone") && body.contains("Never"), body);
    assertTrue(body.split("name=\"csrf\" value=\"" + s.csrf() + "\"").length > 3, body);
  }

  @Test
  void formsWithoutTheCsrfTokenWithAForeignOneOrFromAnotherSiteChangeNothing() {
    PageSessions s = PageSessions.open();
    PageSessions other = PageSessions.open();
    UUID first = PageSessions.passkey(s.userId(), "one");
    PageSessions.passkey(s.userId(), "two");

    assertPage(remove(s, null, first.toString()), 403, "Reload the page");
    assertPage(remove(s, other.csrf(), first.toString()), 403, "Reload the page");
    assertPage(remove(s, "", first.toString()), 403, "Reload the page");
    assertPage(
        as(s)
            .header("Origin", "https://evil.example")
            .contentType("application/x-www-form-urlencoded")
            .formParam("csrf", s.csrf())
            .formParam("passkey", first.toString())
            .post("/account/passkeys/remove"),
        403,
        "did not come from this site");
    assertEquals(2, PageSessions.passkeys(s.userId()));

    assertPage(
        as(s)
            .contentType("application/x-www-form-urlencoded")
            .formParam("credential", "{}")
            .post("/account/passkeys"),
        403,
        "Reload the page");
    assertPage(
        as(s).contentType("application/x-www-form-urlencoded").post("/signout"), 403, "Reload");
    assertPage(
        as(s)
            .contentType("application/x-www-form-urlencoded")
            .formParam("csrf", other.csrf())
            .post("/signout"),
        403,
        "Reload");
    assertTrue(s.live(), "a forged sign-out ends nothing");
    assertEquals(2, PageSessions.passkeys(s.userId()));
  }

  @Test
  void aPasskeyIsRemovedButNeverTheLastOne() {
    PageSessions s = PageSessions.open();
    UUID first = PageSessions.passkey(s.userId(), "one");
    UUID second = PageSessions.passkey(s.userId(), "two");
    Response removed = remove(s, s.csrf(), first.toString());
    assertEquals(303, removed.statusCode(), removed.body().asString());
    assertTrue(removed.header("Location").endsWith("/account?done=removed"));
    assertEquals(1, PageSessions.passkeys(s.userId()));
    assertPage(as(s).get("/account?done=removed"), 200, "The passkey was removed");

    assertPage(remove(s, s.csrf(), second.toString()), 409, "This is your only passkey");
    assertEquals(1, PageSessions.passkeys(s.userId()));
  }

  @Test
  void anotherPersonsPasskeyCannotBeRemoved() {
    PageSessions mine = PageSessions.open();
    PageSessions theirs = PageSessions.open();
    PageSessions.passkey(mine.userId(), "mine 1");
    PageSessions.passkey(mine.userId(), "mine 2");
    UUID target = PageSessions.passkey(theirs.userId(), "theirs 1");
    PageSessions.passkey(theirs.userId(), "theirs 2");
    assertPage(remove(mine, mine.csrf(), target.toString()), 404, "You have no such passkey");
    assertEquals(2, PageSessions.passkeys(theirs.userId()));
    assertEquals(2, PageSessions.passkeys(mine.userId()));
  }

  @Test
  void hostileValuesInEveryParameterAreAReadable400AndChangeNothing() {
    PageSessions s = PageSessions.open();
    PageSessions.passkey(s.userId(), "one");
    PageSessions.passkey(s.userId(), "two");
    for (String bad : HOSTILE) {
      assertPage(remove(s, s.csrf(), bad), 400, "This form was changed");
      if (!bad.startsWith("9")) { // a name of digits is a fine name
        assertPage(
            as(s)
                .contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("csrf", s.csrf())
                .formParam("name", bad)
                .formParam("credential", "{}")
                .post("/account/passkeys"),
            400,
            "A passkey&#39;s name");
      }
      assertPage(
          as(s)
              .contentType("application/x-www-form-urlencoded; charset=UTF-8")
              .formParam("csrf", s.csrf())
              .formParam("name", "Laptop")
              .formParam("credential", bad)
              .post("/account/passkeys"),
          400,
          "could not be verified");
      // A hostile CSRF value is simply not the token.
      assertPage(remove(s, bad, UUID.randomUUID().toString()), 403, "Reload the page");
    }
    assertEquals(2, PageSessions.passkeys(s.userId()));
    assertTrue(s.live());
  }

  @Test
  void aUserVerBumpEndsTheSessionAndThePageSendsToSignIn() {
    PageSessions s = PageSessions.open();
    assertEquals(200, as(s).get("/account").statusCode());
    People.bumpUserVer(s.userId());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int status;
    do {
      status = as(s).get("/account").statusCode();
    } while (status == 200 && System.nanoTime() < deadline);
    assertEquals(303, status, "the bumped person's session has ended");
    assertTrue(!s.live(), "the session row is ended, not just refused");
  }
}
