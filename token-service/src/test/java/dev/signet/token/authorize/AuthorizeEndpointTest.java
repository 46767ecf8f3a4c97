package dev.signet.token.authorize;

import static dev.signet.token.authorize.AuthorizeFlow.CONSOLE;
import static dev.signet.token.authorize.AuthorizeFlow.CONSOLE_REDIRECT;
import static dev.signet.token.authorize.AuthorizeFlow.ISSUER;
import static dev.signet.token.authorize.AuthorizeFlow.LOOPBACK;
import static dev.signet.token.authorize.AuthorizeFlow.authorize;
import static dev.signet.token.authorize.AuthorizeFlow.cliRequest;
import static dev.signet.token.authorize.AuthorizeFlow.query;
import static dev.signet.token.authorize.AuthorizeFlow.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
 * {@code GET /oauth2/authorize} over HTTP: an unchecked client or redirect URI gets a page and no
 * redirect; every other refusal goes back to the redirect URI with {@code error}, {@code state} and
 * {@code iss}; a signed-in person gets a code or the consent page.
 */
@QuarkusTest
class AuthorizeEndpointTest {

  @Inject TestTokens tokens;

  @BeforeEach
  void activeKey() {
    tokens.ensureActiveKey();
  }

  private static void assertPage(Response r, int status, String words) {
    assertEquals(status, r.statusCode(), r.asString());
    assertNull(r.header("Location"), "a page, never a redirect");
    assertTrue(r.contentType().startsWith("text/html"), r.contentType());
    assertTrue(r.asString().contains(words), r.asString());
    assertEquals(AuthorizePageHeaders.POLICY, r.header("Content-Security-Policy"));
    assertEquals("DENY", r.header("X-Frame-Options"));
  }

  private static Map<String, String> refusedTo(Response r, String redirect, String error) {
    assertEquals(303, r.statusCode(), r.asString());
    assertEquals(redirect, target(r));
    Map<String, String> q = query(r);
    assertEquals(error, q.get("error"), q.toString());
    assertEquals(ISSUER, q.get("iss"));
    assertTrue(q.containsKey("error_description"), q.toString());
    assertFalse(q.containsKey("code"), q.toString());
    return q;
  }

  private static long codesOf(UUID person) {
    return Long.parseLong(
        Fixtures.column("SELECT count(*)::text FROM authorization_codes WHERE user_id = ?", person)
            .get(0));
  }

  @Test
  void anUnknownClientIsAPageNotARedirect() {
    assertPage(authorize(null, cliRequest("client_id", "nobody")), 400, "unknown application");
    assertPage(authorize(null, cliRequest("client_id", null)), 400, "names no application");
    assertPage(authorize(null, cliRequest("client_id", "signet-cli\u0000")), 400, "unknown");
    assertPage(authorize(null, cliRequest("client_id", "x".repeat(10_000))), 400, "unknown");
    // A service account is not a client of the code grant.
    String account = Fixtures.account().create().clientId;
    assertPage(authorize(null, cliRequest("client_id", account)), 400, "unknown application");
  }

  @Test
  void aRedirectUriThatIsNotTheClientsIsAPage() {
    for (String bad :
        List.of(
            "http://localhost:50123/callback",
            "https://127.0.0.1:50123/callback",
            "http://127.0.0.2:50123/callback",
            "http://evil.example/callback",
            "http://127.0.0.1:50123/callback#frag",
            "http://user@127.0.0.1:50123/callback",
            "http://127.0.0.1:50123/cb\u0000",
            "http://127.0.0.1/" + "a".repeat(10_000))) {
      assertPage(authorize(null, cliRequest("redirect_uri", bad)), 400, "has not registered");
    }
    assertPage(authorize(null, cliRequest("redirect_uri", null)), 400, "has not registered");
    // The console's URIs match exactly: no other port, no other path.
    for (String bad :
        List.of(
            "http://127.0.0.1:8086/console",
            "http://127.0.0.1:8085/console/",
            CONSOLE_REDIRECT + "?x=1")) {
      assertPage(
          authorize(null, cliRequest("client_id", CONSOLE, "redirect_uri", bad)),
          400,
          "has not registered");
    }
  }

  @Test
  void aRepeatedClientOrRedirectIsAPage() {
    Response r =
        AuthorizeFlow.as(null)
            .queryParams(cliRequest())
            .queryParam("redirect_uri", "http://127.0.0.1:1/evil")
            .get("/oauth2/authorize");
    assertPage(r, 400, "has not registered");
    r =
        AuthorizeFlow.as(null)
            .queryParams(cliRequest())
            .queryParam("client_id", CONSOLE)
            .get("/oauth2/authorize");
    assertPage(r, 400, "more than one");
  }

  @Test
  void theCliMayUseAnyLoopbackPortAndIsSentToSignIn() {
    for (String redirect :
        List.of(
            "http://127.0.0.1:50123/callback",
            "http://127.0.0.1:1/callback",
            "http://127.0.0.1:65535/",
            "http://[::1]:40000/callback")) {
      Response r = authorize(null, cliRequest("redirect_uri", redirect));
      assertEquals(303, r.statusCode(), redirect + " " + r.asString());
      assertTrue(
          r.header("Location").contains("/signin?return=%2Foauth2%2Fauthorize%3F"),
          r.header("Location"));
    }
  }

  @Test
  void everyOtherRefusalGoesBackWithErrorStateAndIss() {
    Map<String, String[]> cases =
        Map.ofEntries(
            Map.entry("rt-missing", new String[] {"response_type", null, "invalid_request"}),
            Map.entry(
                "rt-token", new String[] {"response_type", "token", "unsupported_response_type"}),
            Map.entry(
                "rt-both",
                new String[] {"response_type", "code id_token", "unsupported_response_type"}),
            Map.entry("plain", new String[] {"code_challenge_method", "plain", "invalid_request"}),
            Map.entry("no-method", new String[] {"code_challenge_method", null, "invalid_request"}),
            Map.entry("no-challenge", new String[] {"code_challenge", null, "invalid_request"}),
            Map.entry("short-challenge", new String[] {"code_challenge", "abc", "invalid_request"}),
            Map.entry(
                "internal", new String[] {"scope", "openid signet:internal", "invalid_scope"}),
            Map.entry("bad-scope", new String[] {"scope", "a\"b", "invalid_scope"}),
            Map.entry("nul-scope", new String[] {"scope", "reader\u0000", "invalid_request"}),
            Map.entry("long-scope", new String[] {"scope", "r".repeat(1500), "invalid_scope"}),
            Map.entry("long-nonce", new String[] {"nonce", "n".repeat(1500), "invalid_request"}),
            Map.entry(
                "mixed-script-nonce", new String[] {"nonce", "n\u043e\u0578ce", "invalid_request"}),
            Map.entry("prompt-login", new String[] {"prompt", "login", "invalid_request"}),
            Map.entry(
                "fragment-mode", new String[] {"response_mode", "fragment", "invalid_request"}),
            Map.entry("huge", new String[] {"login_hint", "h".repeat(10_000), "invalid_request"}));
    for (Map.Entry<String, String[]> c : cases.entrySet()) {
      String[] v = c.getValue();
      Response r = authorize(null, cliRequest(v[0], v[1]));
      Map<String, String> q = refusedTo(r, LOOPBACK, v[2]);
      assertEquals("st-123", q.get("state"), c.getKey() + " " + q);
    }
  }

  @Test
  void aRepeatedParameterIsRefused() {
    Response r =
        AuthorizeFlow.as(null)
            .queryParams(cliRequest())
            .queryParam("scope", "openid admin")
            .get("/oauth2/authorize");
    assertEquals("st-123", refusedTo(r, LOOPBACK, "invalid_request").get("state"));
  }

  @Test
  void aHostileStateIsRefusedAndNotEchoed() {
    for (String state : List.of("a\u0000b", "s".repeat(10_000), "line\nbreak")) {
      Map<String, String> q =
          refusedTo(authorize(null, cliRequest("state", state)), LOOPBACK, "invalid_request");
      assertFalse(q.containsKey("state"), q.toString());
    }
    Response r =
        AuthorizeFlow.as(null)
            .queryParams(cliRequest())
            .queryParam("state", "second")
            .get("/oauth2/authorize");
    assertFalse(refusedTo(r, LOOPBACK, "invalid_request").containsKey("state"));
  }

  @Test
  void aBrokenEscapeIsRefusedWithoutARedirect() throws Exception {
    // Vert.x refuses a request line it cannot decode before any route runs: a bare 400.
    RawRequest.Answer r =
        RawRequest.get(
            "/oauth2/authorize?client_id=signet-cli&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcb"
                + "&state=%zz");
    assertEquals(400, r.status(), r.head());
    assertFalse(r.head().toLowerCase().contains("location:"), r.head());
  }

  @Test
  void aNulBeforeTheClientIsKnownIsAPageAfterItARedirect() throws Exception {
    RawRequest.Answer page = RawRequest.get("/oauth2/authorize?client_id=signet-cli%00");
    assertEquals(400, page.status(), page.head());
    assertTrue(page.head().toLowerCase().contains("content-type: text/html"), page.head());
    assertTrue(page.body().contains("unknown application"), page.body());
    RawRequest.Answer redirect =
        RawRequest.get(
            "/oauth2/authorize?client_id=signet-cli&redirect_uri=http%3A%2F%2F127.0.0.1%3A9%2Fcb"
                + "&state=s1&scope=reader%00");
    assertEquals(303, redirect.status(), redirect.head());
    assertTrue(
        redirect.head().contains("Location: http://127.0.0.1:9/cb?error=invalid_request&"),
        redirect.head());
    assertTrue(redirect.head().contains("&state=s1&iss="), redirect.head());
  }

  @Test
  void promptNoneWithoutASessionIsLoginRequired() {
    Map<String, String> q =
        refusedTo(authorize(null, cliRequest("prompt", "none")), LOOPBACK, "login_required");
    assertEquals("st-123", q.get("state"));
  }

  @Test
  void theFirstPartyConsoleGetsACodeWithoutAConsentPage() {
    UUID person = People.person("admin");
    SignedIn.Browser browser = SignedIn.as(person);
    Response r =
        authorize(
            browser,
            cliRequest(
                "client_id",
                CONSOLE,
                "redirect_uri",
                CONSOLE_REDIRECT,
                "scope",
                "openid signet:admin",
                "nonce",
                "n-1"));
    assertEquals(303, r.statusCode(), r.asString());
    assertEquals(CONSOLE_REDIRECT, target(r));
    Map<String, String> q = query(r);
    assertEquals("st-123", q.get("state"));
    assertEquals(ISSUER, q.get("iss"));
    assertTrue(q.get("code").length() >= 43, q.toString());
    assertEquals(
        List.of("openid signet:admin|n-1|" + browser.session().sessionId()),
        Fixtures.column(
            "SELECT scope || '|' || nonce || '|' || session_id FROM authorization_codes"
                + " WHERE user_id = ?",
            person));
  }

  @Test
  void scopesTheRolesDoNotGiveAreLeftOut() {
    UUID person = People.person("admin");
    SignedIn.Browser browser = SignedIn.as(person);
    // A console user without signet:admin still signs in: the code carries what they have.
    UUID reader = People.person("reader");
    Response r =
        authorize(
            SignedIn.as(reader),
            cliRequest(
                "client_id",
                CONSOLE,
                "redirect_uri",
                CONSOLE_REDIRECT,
                "scope",
                "openid signet:admin"));
    assertEquals(303, r.statusCode());
    assertEquals(
        List.of("openid"),
        Fixtures.column("SELECT scope FROM authorization_codes WHERE user_id = ?", reader));
    assertEquals(0, codesOf(person));
    assertTrue(browser.csrf().length() > 20);
  }

  @Test
  void theCliWithoutConsentGetsTheConsentPageAndPromptNoneIsConsentRequired() {
    UUID person = People.person("reader");
    SignedIn.Browser browser = SignedIn.as(person);
    Response page = authorize(browser, cliRequest());
    assertEquals(200, page.statusCode(), page.asString());
    String html = page.asString();
    assertTrue(html.contains("Allow Signet CLI?"), html);
    assertTrue(html.contains("Know who you are"), html);
    assertTrue(html.contains("reader"), html);
    assertTrue(html.contains("an app on this computer (127.0.0.1:50123)"), html);
    assertTrue(html.contains("name=\"csrf\" value=\"" + browser.csrf() + "\""), html);
    assertEquals("no-store", page.header("Cache-Control"));
    // The Allow button's redirect must pass form-action: the one redirect origin, nothing more.
    assertEquals(
        AuthorizePageHeaders.BASE_POLICY + "; form-action 'self' http://127.0.0.1:50123",
        page.header("Content-Security-Policy"));
    assertEquals("no-referrer", page.header("Referrer-Policy"));
    assertEquals(0, codesOf(person));

    Map<String, String> q =
        refusedTo(authorize(browser, cliRequest("prompt", "none")), LOOPBACK, "consent_required");
    assertEquals("st-123", q.get("state"));
  }

  @Test
  void aSessionOfADisabledPersonIsNoSession() {
    UUID person = People.person("reader");
    SignedIn.Browser browser = SignedIn.as(person);
    People.disable(person);
    long deadline = System.nanoTime() + 10_000_000_000L;
    Response r;
    do {
      r = authorize(browser, cliRequest());
    } while (r.statusCode() != 303 && System.nanoTime() < deadline);
    assertTrue(
        r.header("Location").startsWith("/signin") || r.header("Location").contains("/signin?"),
        r.header("Location"));
    assertEquals(0, codesOf(person));
  }
}
