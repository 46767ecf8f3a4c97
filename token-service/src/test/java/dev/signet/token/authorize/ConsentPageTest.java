package dev.signet.token.authorize;

import static dev.signet.token.authorize.AuthorizeFlow.ISSUER;
import static dev.signet.token.authorize.AuthorizeFlow.LOOPBACK;
import static dev.signet.token.authorize.AuthorizeFlow.VERIFIER;
import static dev.signet.token.authorize.AuthorizeFlow.answer;
import static dev.signet.token.authorize.AuthorizeFlow.authorize;
import static dev.signet.token.authorize.AuthorizeFlow.cliRequest;
import static dev.signet.token.authorize.AuthorizeFlow.exchange;
import static dev.signet.token.authorize.AuthorizeFlow.query;
import static dev.signet.token.authorize.AuthorizeFlow.sealed;
import static dev.signet.token.authorize.AuthorizeFlow.target;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import dev.signet.token.session.SignedIn;
import dev.signet.token.user.People;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The consent page's answer ({@code POST /consent}) over HTTP: CSRF and the sealed request checked
 * before anything is stored; Allow records the consent and redirects with a code that the token
 * endpoint exchanges once; Deny redirects with access_denied.
 */
@QuarkusTest
class ConsentPageTest {

  @Inject TestTokens tokens;

  @BeforeEach
  void activeKey() {
    tokens.ensureActiveKey();
  }

  private static String stored(UUID person) {
    return Fixtures.column(
            "SELECT (SELECT count(*) FROM user_consents WHERE user_id = ?)::text || '/'"
                + " || (SELECT count(*) FROM authorization_codes WHERE user_id = ?)::text",
            person,
            person)
        .get(0);
  }

  private static void assertRefusedPage(Response r, int status, String words) {
    assertEquals(status, r.statusCode(), r.asString());
    assertTrue(r.contentType().startsWith("text/html"), r.contentType());
    assertTrue(r.asString().contains(words), r.asString());
    assertEquals(null, r.header("Location"));
  }

  @Test
  void allowRecordsTheConsentAndTheCodeBuysTokensOnce() {
    UUID person = People.person("reader");
    SignedIn.Browser browser = SignedIn.as(person);
    String sealed = sealed(authorize(browser, cliRequest()));

    Response allowed = answer(browser, browser.csrf(), sealed, "allow");
    assertEquals(303, allowed.statusCode(), allowed.asString());
    assertEquals(LOOPBACK, target(allowed));
    Map<String, String> q = query(allowed);
    assertEquals("st-123", q.get("state"));
    assertEquals(ISSUER, q.get("iss"));
    assertEquals(
        List.of("{openid,reader}"),
        Fixtures.column(
            "SELECT scopes::text FROM user_consents WHERE user_id = ? AND client_id = 'signet-cli'",
            person));

    Response tokens = exchange(q.get("code"), LOOPBACK, VERIFIER);
    tokens.then().statusCode(200).body("scope", equalTo("reader"));
    // The code is single use; its replay revokes what it issued.
    exchange(q.get("code"), LOOPBACK, VERIFIER)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"));
    Fixtures.account()
        .create()
        .introspect(tokens.path("access_token"))
        .then()
        .body("active", equalTo(false));

    // Next time (same or fewer scopes): a code at once, no page.
    for (String scope : List.of("openid reader", "reader")) {
      Response again =
          authorize(
              browser, cliRequest("scope", scope, "redirect_uri", "http://127.0.0.1:40404/cb"));
      assertEquals(303, again.statusCode(), again.asString());
      assertEquals("http://127.0.0.1:40404/cb", target(again));
      assertTrue(query(again).containsKey("code"));
    }
  }

  @Test
  void promptConsentAndAWiderRequestAskAgain() {
    UUID person = People.person("reader", "writer");
    SignedIn.Browser browser = SignedIn.as(person);
    answer(
            browser,
            browser.csrf(),
            sealed(authorize(browser, cliRequest("scope", "reader"))),
            "allow")
        .then()
        .statusCode(303);
    assertEquals(
        200, authorize(browser, cliRequest("scope", "reader", "prompt", "consent")).statusCode());
    Response wider = authorize(browser, cliRequest("scope", "reader writer"));
    assertEquals(200, wider.statusCode());
    assertTrue(wider.asString().contains("writer"));
    answer(browser, browser.csrf(), sealed(wider), "allow").then().statusCode(303);
    assertEquals(
        List.of("{reader,writer}"),
        Fixtures.column("SELECT scopes::text FROM user_consents WHERE user_id = ?", person));
  }

  @Test
  void denyRedirectsWithAccessDeniedAndStoresNothing() {
    UUID person = People.person("reader");
    SignedIn.Browser browser = SignedIn.as(person);
    Response denied =
        answer(browser, browser.csrf(), sealed(authorize(browser, cliRequest())), "deny");
    assertEquals(303, denied.statusCode());
    Map<String, String> q = query(denied);
    assertEquals("access_denied", q.get("error"));
    assertEquals("st-123", q.get("state"));
    assertEquals(ISSUER, q.get("iss"));
    assertFalse(q.containsKey("code"));
    assertEquals("0/0", stored(person));
  }

  @Test
  void aMissingOrForeignCsrfTokenIsA403PageAndStoresNothing() {
    UUID person = People.person("reader");
    SignedIn.Browser browser = SignedIn.as(person);
    SignedIn.Browser other = SignedIn.as(People.person("reader"));
    String sealed = sealed(authorize(browser, cliRequest()));

    assertRefusedPage(answer(browser, null, sealed, "allow"), 403, "Reload the page");
    assertRefusedPage(answer(browser, other.csrf(), sealed, "allow"), 403, "Reload the page");
    assertRefusedPage(answer(browser, "x".repeat(10_000), sealed, "allow"), 400, "altered");
    assertRefusedPage(answer(browser, browser.csrf() + "\u0000", sealed, "allow"), 400, "altered");
    // A foreign origin, even with the right token.
    Response foreign =
        AuthorizeFlow.as(browser)
            .header("Origin", "https://evil.example")
            .contentType("application/x-www-form-urlencoded")
            .formParam("csrf", browser.csrf())
            .formParam("request", sealed)
            .formParam("decision", "allow")
            .post("/consent");
    assertRefusedPage(foreign, 403, "did not come from this site");
    assertEquals("0/0", stored(person));
  }

  @Test
  void aSealFromAnotherSessionOrAlteredIsRefused() {
    UUID person = People.person("reader");
    SignedIn.Browser browser = SignedIn.as(person);
    UUID otherPerson = People.person("reader");
    SignedIn.Browser other = SignedIn.as(otherPerson);
    String sealed = sealed(authorize(browser, cliRequest()));

    // Another person's session, with their own valid CSRF token, cannot answer this page.
    assertRefusedPage(answer(other, other.csrf(), sealed, "allow"), 400, "expired or was altered");
    String[] parts = sealed.split("\\.");
    String altered =
        parts[0].substring(0, parts[0].length() - 2) + "AA." + parts[1] + "." + parts[2];
    assertRefusedPage(
        answer(browser, browser.csrf(), altered, "allow"), 400, "expired or was altered");
    assertRefusedPage(
        answer(browser, browser.csrf(), "garbage", "allow"), 400, "expired or was altered");
    assertRefusedPage(
        answer(browser, browser.csrf(), null, "allow"), 400, "expired or was altered");
    assertRefusedPage(answer(browser, browser.csrf(), sealed, "maybe"), 400, "Allow or Deny");
    assertEquals("0/0", stored(person));
    assertEquals("0/0", stored(otherPerson));
  }

  @Test
  void withoutASessionTheAnswerIsASignInPage() {
    UUID person = People.person("reader");
    SignedIn.Browser browser = SignedIn.as(person);
    String sealed = sealed(authorize(browser, cliRequest()));
    Response r = answer(null, browser.csrf(), sealed, "allow");
    assertRefusedPage(r, 401, "Sign in");
    assertEquals("0/0", stored(person));
  }
}
