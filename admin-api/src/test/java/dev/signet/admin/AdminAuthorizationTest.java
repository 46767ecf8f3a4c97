package dev.signet.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The 401/403 matrix for every admin endpoint of this issue: no token, a broken token, an expired
 * token and a token from another issuer answer 401; a valid token without the scope answers 403;
 * the endpoint's own scope and signet:admin get through, to the endpoint's own answer.
 */
@QuarkusTest
class AdminAuthorizationTest {

  @Inject TestTokens tokens;

  @BeforeEach
  void internalTokenAvailable() {
    // The token endpoints call token-service with admin-api's internal token, fetched through it.
    AuditDeliveryProxy.reachable();
  }

  /**
   * One endpoint, with a body it accepts, the fine-grained scope that opens it, and the status it
   * answers once let through (404 where the path names something that does not exist).
   */
  record Endpoint(String method, String path, String body, String scope, int allowed) {}

  private static final String ANY = UUID.randomUUID().toString();

  static final List<Endpoint> ENDPOINTS =
      List.of(
          new Endpoint(
              "POST",
              "/v1/service-accounts",
              "{\"name\":\"m\",\"scopes\":[]}",
              "signet:accounts:admin",
              201),
          new Endpoint("GET", "/v1/service-accounts", null, "signet:accounts:admin", 200),
          new Endpoint("GET", "/v1/service-accounts/nobody", null, "signet:accounts:admin", 404),
          new Endpoint("PATCH", "/v1/service-accounts/nobody", "{}", "signet:accounts:admin", 404),
          new Endpoint(
              "POST", "/v1/service-accounts/nobody/disable", null, "signet:accounts:admin", 404),
          new Endpoint(
              "POST", "/v1/service-accounts/nobody/enable", null, "signet:accounts:admin", 404),
          new Endpoint(
              "POST",
              "/v1/service-accounts/nobody/rotate-secret",
              "{}",
              "signet:accounts:admin",
              404),
          new Endpoint("DELETE", "/v1/service-accounts/nobody", null, "signet:accounts:admin", 404),
          new Endpoint("GET", "/v1/incidents", null, "signet:incidents:admin", 200),
          new Endpoint("GET", "/v1/incidents/" + ANY, null, "signet:incidents:admin", 404),
          new Endpoint(
              "POST", "/v1/incidents/" + ANY + "/acknowledge", null, "signet:incidents:admin", 404),
          new Endpoint(
              "POST",
              "/v1/incidents/" + ANY + "/resolve",
              "{\"note\":\"n\"}",
              "signet:incidents:admin",
              404),
          new Endpoint(
              "GET", "/v1/tokens/families?client_id=nobody", null, "signet:tokens:admin", 200),
          new Endpoint(
              "POST", "/v1/tokens/families/" + ANY + "/revoke", "{}", "signet:tokens:admin", 404),
          new Endpoint(
              "POST",
              "/v1/tokens/revocations",
              "{\"client_id\":\"nobody\"}",
              "signet:tokens:admin",
              200),
          new Endpoint("GET", "/v1/tokens/" + ANY, null, "signet:tokens:admin", 404),
          new Endpoint("GET", "/v1/overview", null, "signet:overview:read", 200));

  private static io.restassured.response.Response call(Endpoint e, String token) {
    RequestSpecification r = given();
    if (token != null) {
      r = r.header("Authorization", "Bearer " + token);
    }
    if (e.body() != null) {
      r = r.contentType("application/json").body(e.body());
    }
    return r.request(e.method(), e.path());
  }

  @Test
  void missingTokenIs401WithChallenge() {
    for (Endpoint e : ENDPOINTS) {
      call(e, null)
          .then()
          .statusCode(401)
          .header("WWW-Authenticate", containsString("Bearer"))
          .contentType("application/problem+json");
    }
  }

  @Test
  void brokenExpiredOrForeignTokensAre401() throws Exception {
    JwtClaims expired = tokens.claims("mallory", "signet:admin");
    expired.setIssuedAt(NumericDate.fromSeconds(expired.getIssuedAt().getValue() - 7200));
    expired.setNotBefore(NumericDate.fromSeconds(expired.getIssuedAt().getValue()));
    expired.setExpirationTime(NumericDate.fromSeconds(expired.getIssuedAt().getValue() + 60));
    JwtClaims foreign = tokens.claims("mallory", "signet:admin");
    foreign.setIssuer("https://evil.example.com");
    String valid = tokens.bearer("mallory", "signet:admin");
    String tampered = valid.substring(0, valid.lastIndexOf('.') + 1) + "AAAA";
    for (String token :
        List.of("not-a-jwt", tampered, tokens.sign(expired), tokens.sign(foreign))) {
      for (Endpoint e : ENDPOINTS) {
        call(e, token).then().statusCode(401).contentType("application/problem+json");
      }
    }
  }

  @Test
  void validTokenWithoutTheScopeIs403() {
    String token = tokens.bearer("eve", "signet:audit:read", "signet:internal");
    for (Endpoint e : ENDPOINTS) {
      call(e, token)
          .then()
          .statusCode(403)
          .contentType("application/problem+json")
          .body("status", equalTo(403));
    }
  }

  @Test
  void otherAdminScopesDoNotOpenThisArea() {
    for (Endpoint e : ENDPOINTS) {
      String other =
          e.scope().equals("signet:keys:admin") ? "signet:audit:read" : "signet:keys:admin";
      call(e, tokens.bearer("eve", other)).then().statusCode(403);
    }
  }

  @Test
  void ownScopeAndSignetAdminGetThrough() {
    for (Endpoint e : ENDPOINTS) {
      for (String scope : List.of(e.scope(), "signet:admin")) {
        var response = call(e, tokens.bearer("root", scope));
        assertEquals(
            e.allowed(), response.statusCode(), e + " with " + scope + ": " + response.asString());
      }
    }
  }
}
