package dev.signet.admin.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.admin.ConsoleTestIssuer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sign-in to the console through the OIDC test issuer (code + PKCE), the admin check on the access
 * token, sign-out, and the REST APIs left on their bearer tokens.
 */
@QuarkusTest
class ConsoleSignInTest {

  @TestHTTPResource("/")
  URI base;

  @AfterEach
  void admin() {
    ConsoleTestIssuer.signInAs(new ConsoleTestIssuer.Person("user-admin", "signet:admin", 1));
  }

  @Test
  void consoleWithoutASessionRedirectsToTheIssuerWithPkceS256() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(base.resolve("/console/incidents")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(302, response.statusCode());
    String location = response.headers().firstValue("Location").orElseThrow();
    assertTrue(location.startsWith(ConsoleTestIssuer.baseUri() + "/authorize?"), location);
    assertTrue(location.contains("code_challenge_method=S256"), location);
    assertTrue(location.contains("client_id=signet-console"), location);
    assertTrue(location.contains("redirect_uri=http%3A%2F%2Flocalhost%3A"), location);
    assertTrue(location.contains("%2Fconsole%2Fcallback"), location);
  }

  @Test
  void adminSignsInAndSeesTheOverviewWithStrictHeaders() {
    ConsoleBrowser browser = new ConsoleBrowser(base);
    HttpResponse<String> page = browser.get("/console");
    assertEquals(200, page.statusCode(), page.body());
    assertTrue(page.body().contains("Security overview"), page.body());
    assertTrue(page.body().contains("Signed in as <strong>user-admin</strong>"), page.body());
    String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"), csp);
    assertEquals("no-store", page.headers().firstValue("Cache-Control").orElseThrow());
    assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElseThrow());
    assertTrue(!page.body().contains("<script>") && !page.body().contains("style="), page.body());
  }

  @Test
  void sessionCookieIsHttpOnlyAndSameSiteStrict() throws IOException, InterruptedException {
    ConsoleTestIssuer.signInAs(new ConsoleTestIssuer.Person("user-admin", "signet:admin", 1));
    HttpClient noRedirects = HttpClient.newHttpClient();
    HttpResponse<String> toIssuer =
        noRedirects.send(
            HttpRequest.newBuilder(base.resolve("/console")).build(),
            HttpResponse.BodyHandlers.ofString());
    String stateCookie = toIssuer.headers().firstValue("Set-Cookie").orElseThrow();
    HttpResponse<String> toCallback =
        noRedirects.send(
            HttpRequest.newBuilder(
                    URI.create(toIssuer.headers().firstValue("Location").orElseThrow()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> callback =
        noRedirects.send(
            HttpRequest.newBuilder(
                    URI.create(toCallback.headers().firstValue("Location").orElseThrow()))
                .header("Cookie", stateCookie.substring(0, stateCookie.indexOf(';')))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String session =
        callback.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("q_session"))
            .findFirst()
            .orElseThrow(() -> new AssertionError(callback.headers().map().toString()));
    String lower = session.toLowerCase(java.util.Locale.ROOT);
    assertTrue(lower.contains("httponly"), session);
    assertTrue(lower.contains("samesite=strict"), session);
    assertTrue(lower.contains("path=/console"), session);
  }

  @Test
  void personWithoutTheAdminScopeIsRefusedTheConsole() {
    ConsoleTestIssuer.signInAs(
        new ConsoleTestIssuer.Person("user-reader", "signet:overview:read", 1));
    HttpResponse<String> page = new ConsoleBrowser(base).get("/console/incidents");
    assertEquals(403, page.statusCode(), page.body());
    assertTrue(page.body().contains("Not an administrator"), page.body());
    assertTrue(!page.body().contains("Resolution note"), page.body());
  }

  @Test
  void signOutEndsTheSessionAndNeedsTheCsrfToken() {
    ConsoleBrowser browser = new ConsoleBrowser(base);
    HttpResponse<String> page = browser.get("/console");
    assertEquals(403, browser.post("/console/logout", ConsoleBrowser.fields()).statusCode());
    HttpResponse<String> out =
        browser.post("/console/logout", ConsoleBrowser.fields("csrf", ConsoleBrowser.csrf(page)));
    assertEquals(200, out.statusCode(), out.body());
    assertTrue(out.body().contains("Signed out"), out.body());
    HttpResponse<String> noRedirect =
        send(HttpRequest.newBuilder(base.resolve("/console")).build());
    assertEquals(302, noRedirect.statusCode());
  }

  @Test
  void restApisStillAnswerProblemJsonWithoutABearerToken() {
    given()
        .get("/v1/incidents")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", containsString("Bearer"))
        .contentType("application/problem+json");
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
