package dev.signet.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The loopback receiver's own checks, through real HTTP to the receiver: the request it builds, and
 * the answers it refuses before any code is redeemed. The redemption itself runs against the real
 * suite in deploy's SuiteCliIT.
 */
class BrowserLoginTest {

  private static final String ISSUER = "https://signet.example";

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final BrowserLogin login =
      SignetClient.of(
              SignetHttp.defaults(),
              new Discovery(
                  ISSUER,
                  URI.create(ISSUER + "/oauth2/token"),
                  null,
                  null,
                  null,
                  URI.create(ISSUER + "/oauth2/authorize"),
                  null,
                  List.of("authorization_code"),
                  true),
              Clock.systemUTC())
          .browserLogin(ClientAuthentication.publicClient("signet-cli"));

  private static int get(String redirectUri, String query) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(redirectUri + "?" + query)).GET().build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Test
  void theRequestIsCodeWithS256OnALoopbackLiteral() {
    try (BrowserLogin.Pending pending = login.start("openid signet:self")) {
      URI url = pending.authorizationUrl();
      assertTrue(url.toString().startsWith(ISSUER + "/oauth2/authorize?"), url.toString());
      Map<String, String> q = BrowserLogin.parse(url.getRawQuery());
      assertEquals("code", q.get("response_type"));
      assertEquals("signet-cli", q.get("client_id"));
      assertEquals("S256", q.get("code_challenge_method"));
      assertEquals(43, q.get("code_challenge").length());
      assertTrue(q.get("state").length() >= 22);
      assertEquals("openid signet:self", q.get("scope"));
      assertTrue(
          q.get("redirect_uri").matches("http://127\\.0\\.0\\.1:\\d+/callback"), q.toString());
      assertEquals(pending.redirectUri(), q.get("redirect_uri"));
    }
  }

  @Test
  void theChallengeIsRfc7636s() {
    // RFC 7636 appendix B.
    assertEquals(
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        BrowserLogin.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
  }

  @Test
  void aWrongOrMissingStateIsIgnoredAndTheLoginKeepsWaiting() throws Exception {
    try (BrowserLogin.Pending pending = login.start(null)) {
      String state = BrowserLogin.parse(pending.authorizationUrl().getRawQuery()).get("state");
      assertEquals(400, get(pending.redirectUri(), "code=stolen&iss=" + enc(ISSUER)));
      assertEquals(400, get(pending.redirectUri(), "code=stolen&state=guess&iss=" + enc(ISSUER)));
      assertEquals(
          400,
          get(
              pending.redirectUri(),
              "code=a&state=" + state + "&state=" + state + "&iss=" + enc(ISSUER)));
      // Still waiting: a short await times out instead of redeeming anything.
      TransportException timeout =
          assertThrows(
              TransportException.class, () -> login.await(pending, Duration.ofMillis(200)));
      assertTrue(timeout.getMessage().contains("no answer"), timeout.getMessage());
    }
  }

  @Test
  void anAnswerFromAnotherIssuerOrWithoutIssIsRefused() throws Exception {
    for (String iss : new String[] {"&iss=" + enc("https://evil.example"), ""}) {
      try (BrowserLogin.Pending pending = login.start(null)) {
        String state = BrowserLogin.parse(pending.authorizationUrl().getRawQuery()).get("state");
        assertEquals(400, get(pending.redirectUri(), "code=c&state=" + state + iss));
        OAuthErrorException refused =
            assertThrows(
                OAuthErrorException.class, () -> login.await(pending, Duration.ofSeconds(5)));
        assertEquals("invalid_request", refused.error());
      }
    }
  }

  @Test
  void anErrorAnswerEndsTheLoginWithThatError() throws Exception {
    try (BrowserLogin.Pending pending = login.start(null)) {
      String state = BrowserLogin.parse(pending.authorizationUrl().getRawQuery()).get("state");
      assertEquals(
          200,
          get(
              pending.redirectUri(),
              "error=access_denied&error_description=no&state=" + state + "&iss=" + enc(ISSUER)));
      OAuthErrorException denied =
          assertThrows(
              OAuthErrorException.class, () -> login.await(pending, Duration.ofSeconds(5)));
      assertEquals("access_denied", denied.error());
      // Answered once: the receiver is closed afterwards.
      assertThrows(Exception.class, () -> get(pending.redirectUri(), "state=" + state));
    }
  }

  @Test
  void repeatedOrOversizedQueriesAreNotParsed() {
    assertNull(BrowserLogin.parse("a=1&a=2"));
    assertNull(BrowserLogin.parse("a=" + "x".repeat(9000)));
    assertFalse(BrowserLogin.parse("a=1&b=2").isEmpty());
  }
}
