package dev.signet.token.introspect;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * A bearer token revoked through RFC 7009, or cut off by "revoke everything of this client", no
 * longer opens token-service's own APIs, though its signature and times are still good.
 */
@QuarkusTest
class RevokedBearerTokenTest {

  @Inject TestTokens tokens;

  @Test
  void aRevokedAccessTokenIsRefusedAsBearer() {
    tokens.ensureActiveKey();
    Fixtures.Account admin = Fixtures.account().scopes("signet:tokens:read").create();
    String token = admin.token().then().statusCode(200).extract().path("access_token");
    policy(token).then().statusCode(200);

    admin.revoke(token).then().statusCode(200);

    policy(token)
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", containsString("invalid_token"))
        .contentType("application/problem+json");
  }

  @Test
  void aClientCutoffRefusesTokensIssuedBeforeIt() {
    tokens.ensureActiveKey();
    Fixtures.Account admin = Fixtures.account().scopes("signet:tokens:read").create();
    String token = admin.token().then().statusCode(200).extract().path("access_token");
    policy(token).then().statusCode(200);

    Fixtures.update(
        "INSERT INTO token_revocation_cutoffs (kind, value, revoked_before, reason, actor)"
            + " VALUES ('client', ?, now() + interval '1 second', 'test', 'test')",
        admin.clientId);

    policy(token).then().statusCode(401);
  }

  private static io.restassured.response.Response policy(String token) {
    return given().auth().oauth2(token).get("/v1/token-policy");
  }
}
