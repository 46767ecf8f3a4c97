package dev.signet.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.signet.common.testing.DatabaseTestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The token service's main paths over HTTP only: discovery, client_credentials with a token that
 * verifies against the published keys, introspection before and after revocation, refresh rotation
 * and reuse, and the common refusals. Service accounts are written into the shared table as
 * admin-api would ({@link Fixtures}), so {@link TokenMainPathsIT} runs this unchanged against the
 * packaged jar or the native binary.
 */
@QuarkusTest
class TokenMainPathsTest {

  static final String ISSUER = "http://127.0.0.1:8081";
  static final DatabaseTestTokens TOKENS = DatabaseTestTokens.fromTestProfile();

  @BeforeEach
  void anActiveKeyAndNoReuseGrace() {
    TOKENS.ensureActiveKey();
    // awaitAccepted's bearer names this client: token-service accepts tokens of live accounts only.
    Fixtures.activeAccount("await-accepted");
    TOKENS.awaitAccepted("/v1/token-policy", "signet:tokens:read");
    Fixtures.graceSeconds(0);
  }

  @Test
  void discoveryDescribesTheEndpoints() {
    for (String path :
        new String[] {
          "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"
        }) {
      given()
          .get(path)
          .then()
          .statusCode(200)
          .body("issuer", equalTo(ISSUER))
          .body("token_endpoint", equalTo(ISSUER + "/oauth2/token"))
          .body("introspection_endpoint", endsWith("/oauth2/introspect"))
          .body("revocation_endpoint", endsWith("/oauth2/revoke"))
          .body("jwks_uri", endsWith("/.well-known/jwks.json"))
          .body("grant_types_supported", hasItems("client_credentials", "refresh_token"))
          .body(
              "token_endpoint_auth_methods_supported",
              hasItems("client_secret_basic", "client_secret_post"));
    }
  }

  @Test
  void clientCredentialsTokenVerifiesAgainstThePublishedKeys() throws Exception {
    var account = Fixtures.account().audiences("https://orders.example").create();
    String jwt =
        account
            .token("scope", "orders:read", "resource", "https://orders.example")
            .then()
            .statusCode(200)
            .header("Cache-Control", "no-store")
            .body("token_type", equalTo("Bearer"))
            .body("expires_in", equalTo(900))
            .body("scope", equalTo("orders:read"))
            .extract()
            .path("access_token");
    JwtClaims claims = Fixtures.verifyWithPublishedKeys(jwt, ISSUER, "https://orders.example");
    assertEquals(account.clientId, claims.getSubject());
    assertEquals(account.clientId, claims.getClaimValueAsString("client_id"));
    assertEquals("orders:read", claims.getClaimValueAsString("scope"));
  }

  @Test
  void introspectionSaysActiveUntilTheTokenIsRevoked() {
    var client = Fixtures.account().create();
    var resourceServer = Fixtures.account().create();
    String token = client.token().then().statusCode(200).extract().path("access_token");
    resourceServer
        .introspect(token)
        .then()
        .statusCode(200)
        .header("Cache-Control", "no-store")
        .body("active", equalTo(true))
        .body("client_id", equalTo(client.clientId))
        .body("iss", equalTo(ISSUER))
        .body("exp", notNullValue());

    client.revoke(token).then().statusCode(200);
    resourceServer.introspect(token).then().statusCode(200).body("active", equalTo(false));
    resourceServer.introspect("not-a-token").then().statusCode(200).body("active", equalTo(false));
  }

  @Test
  void refreshRotatesAndAReusedTokenKillsTheFamily() {
    var account = Fixtures.account().refreshEnabled().create();
    String first =
        account
            .token()
            .then()
            .statusCode(200)
            .body("refresh_token", notNullValue())
            .extract()
            .path("refresh_token");
    String second =
        account
            .refresh(first)
            .then()
            .statusCode(200)
            .header("Cache-Control", "no-store")
            .body("access_token", notNullValue())
            .extract()
            .path("refresh_token");
    assertNotEquals(first, second);

    account.refresh(first).then().statusCode(400).body("error", equalTo("invalid_grant"));
    // The legitimate successor dies with its family.
    account.refresh(second).then().statusCode(400).body("error", equalTo("invalid_grant"));
  }

  @Test
  void badClientsGrantsAndScopesAreRefusedWithOAuthErrors() {
    var account = Fixtures.account().create();
    given()
        .auth()
        .preemptive()
        .basic(account.clientId, "not-the-secret")
        .formParam("grant_type", "client_credentials")
        .post("/oauth2/token")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", startsWith("Basic"))
        .header("Cache-Control", "no-store")
        .body("error", equalTo("invalid_client"));
    given()
        .auth()
        .preemptive()
        .basic("no-such-client", "x")
        .formParam("grant_type", "client_credentials")
        .post("/oauth2/token")
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_client"));
    given()
        .auth()
        .preemptive()
        .basic(account.clientId, account.secret)
        .formParam("grant_type", "password")
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("unsupported_grant_type"));
    account
        .token("scope", "orders:read signet:admin")
        .then()
        .statusCode(400)
        .header("Cache-Control", "no-store")
        .body("error", equalTo("invalid_scope"));
    given()
        .contentType("application/json")
        .body("{\"grant_type\":\"client_credentials\"}")
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
  }
}
