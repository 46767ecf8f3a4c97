package dev.signet.admin.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.signet.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With the revocation check on (as in production) and token-service unreachable, a token that
 * verifies is still not let through: admin-api answers 503 with Retry-After semantics of a problem,
 * never 200 on a token that might have been revoked, and never 500.
 */
@QuarkusTest
@TestProfile(RevocationCheckFailsClosedTest.TokenServiceDown.class)
class RevocationCheckFailsClosedTest {

  public static class TokenServiceDown implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "signet.auth.revocation.check", "true",
          "signet.auth.revocation.introspection-url", "http://127.0.0.1:1/oauth2/introspect",
          "signet.auth.revocation.timeout", "1s",
          "signet.internal.client-id", "admin-internal",
          "signet.internal.client-secret", "not-used-by-this-test");
    }
  }

  @Inject TestTokens tokens;

  @Test
  void aVerifiedTokenIsRefusedWith503WhenRevocationCannotBeChecked() {
    given()
        .auth()
        .oauth2(tokens.bearer("dana", "signet:overview:read"))
        .get("/v1/overview")
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .body("status", equalTo(503));
  }

  @Test
  void aBadTokenIsStill401WithoutAskingAnyone() {
    given().auth().oauth2("not-a-jwt").get("/v1/overview").then().statusCode(401);
  }
}
