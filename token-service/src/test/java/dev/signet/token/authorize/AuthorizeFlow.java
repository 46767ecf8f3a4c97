package dev.signet.token.authorize;

import static io.restassured.RestAssured.given;

import dev.signet.token.session.SignedIn;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The client's side of an authorization request, as the CLI makes one, over plain HTTP. */
final class AuthorizeFlow {

  static final String CLI = "signet-cli";
  static final String CONSOLE = "signet-console";
  static final String CONSOLE_REDIRECT = "http://127.0.0.1:8085/console";
  static final String LOOPBACK = "http://127.0.0.1:50123/callback";
  static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-abc";
  static final String CHALLENGE = Pkce.challengeOf(VERIFIER);
  static final String ISSUER = "http://127.0.0.1:8081";

  private static final Pattern SEALED =
      Pattern.compile("name=\"request\" value=\"([A-Za-z0-9_.-]+)\"");

  private AuthorizeFlow() {}

  /** A complete, valid request for the CLI; pairs add or replace parameters. */
  static Map<String, String> cliRequest(String... pairs) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("response_type", "code");
    params.put("client_id", CLI);
    params.put("redirect_uri", LOOPBACK);
    params.put("scope", "openid reader");
    params.put("state", "st-123");
    params.put("code_challenge", CHALLENGE);
    params.put("code_challenge_method", "S256");
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      if (pairs[i + 1] == null) {
        params.remove(pairs[i]);
      } else {
        params.put(pairs[i], pairs[i + 1]);
      }
    }
    return params;
  }

  static RequestSpecification as(SignedIn.Browser browser) {
    RequestSpecification spec = given().redirects().follow(false);
    return browser == null ? spec : spec.cookie(browser.cookieName(), browser.cookieValue());
  }

  static Response authorize(SignedIn.Browser browser, Map<String, String> params) {
    return as(browser).queryParams(params).when().get("/oauth2/authorize");
  }

  /** The query of a redirect's Location, decoded. */
  static Map<String, String> query(Response redirect) {
    URI location = URI.create(redirect.header("Location"));
    Map<String, String> out = new LinkedHashMap<>();
    String raw = location.getRawQuery();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  /** The Location without its query: where the browser is sent. */
  static String target(Response redirect) {
    String location = redirect.header("Location");
    int q = location.indexOf('?');
    return q < 0 ? location : location.substring(0, q);
  }

  /** The sealed request of a consent page. */
  static String sealed(Response consentPage) {
    Matcher m = SEALED.matcher(consentPage.asString());
    if (!m.find()) {
      throw new AssertionError("no sealed request in " + consentPage.asString());
    }
    return m.group(1);
  }

  static Response answer(SignedIn.Browser browser, String csrf, String sealed, String decision) {
    RequestSpecification spec = as(browser).contentType("application/x-www-form-urlencoded");
    if (csrf != null) {
      spec = spec.formParam("csrf", csrf);
    }
    if (sealed != null) {
      spec = spec.formParam("request", sealed);
    }
    if (decision != null) {
      spec = spec.formParam("decision", decision);
    }
    return spec.when().post("/consent");
  }

  static Response exchange(String code, String redirect, String verifier) {
    return given()
        .formParam("grant_type", "authorization_code")
        .formParam("client_id", CLI)
        .formParam("code", code)
        .formParam("redirect_uri", redirect)
        .formParam("code_verifier", verifier)
        .when()
        .post("/oauth2/token");
  }

  static List<String> count(String sql, Object... params) {
    return dev.signet.token.Fixtures.column(sql, params);
  }
}
