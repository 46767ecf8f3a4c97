package dev.signet.token.grant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ClientCredentialsGrantTest {

  @Inject TestTokens tokens;
  @Inject MeterRegistry registry;

  @BeforeEach
  void activeKey() {
    tokens.ensureActiveKey();
  }

  @Test
  void basicAuthGetsAnAccessTokenWithTheRfc9068Shape() throws Exception {
    var account = Fixtures.account().create();
    String jwt =
        account
            .token()
            .then()
            .statusCode(200)
            .header("Cache-Control", "no-store")
            .header("Pragma", "no-cache")
            .body("token_type", equalTo("Bearer"))
            .body("expires_in", equalTo(900))
            .body("scope", equalTo("orders:read orders:write"))
            .body("refresh_token", nullValue())
            .extract()
            .path("access_token");
    JsonWebStructure jws = JsonWebStructure.fromCompactSerialization(jwt);
    assertEquals("at+jwt", jws.getHeader("typ"));
    assertEquals("RS256", jws.getAlgorithmHeaderValue());
    JwtClaims claims =
        new JwtConsumerBuilder()
            .setSkipAllValidators()
            .setDisableRequireSignature()
            .setSkipSignatureVerification()
            .build()
            .processToClaims(jwt);
    assertEquals("http://127.0.0.1:8081", claims.getIssuer());
    assertEquals(account.clientId, claims.getSubject());
    assertEquals(account.clientId, claims.getClaimValueAsString("client_id"));
    assertEquals(List.of("http://127.0.0.1:8081"), claims.getAudience());
    assertEquals(900, claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
    assertEquals(claims.getIssuedAt(), claims.getNotBefore());
    assertTrue(claims.getJwtId().length() >= 32);
  }

  @Test
  void tokenVerifiesWithJose4jAgainstTheKeyringKeys() throws Exception {
    var account = Fixtures.account().audiences("https://orders.example").create();
    String jwt = account.token().then().statusCode(200).extract().path("access_token");
    JwtClaims claims =
        Fixtures.verifyWithPublishedKeys(jwt, "http://127.0.0.1:8081", "https://orders.example");
    assertEquals(account.clientId, claims.getSubject());
  }

  @Test
  void postAuthWorksToo() {
    var account = Fixtures.account().method("client_secret_post").create();
    given()
        .formParam("grant_type", "client_credentials")
        .formParam("client_id", account.clientId)
        .formParam("client_secret", account.secret)
        .when()
        .post("/oauth2/token")
        .then()
        .statusCode(200)
        .header("Cache-Control", "no-store")
        .body("access_token", notNullValue());
  }

  @Test
  void issuanceIsAuditedInTheOutbox() {
    var account = Fixtures.account().create();
    account.token().then().statusCode(200);
    List<String> events =
        Fixtures.column(
            "SELECT "
                + Fixtures.EVENT
                + "::text FROM outbox WHERE event_type = 'token.issued'"
                + " AND "
                + Fixtures.EVENT
                + "->>'actor' = ?",
            account.clientId);
    assertEquals(1, events.size());
    assertTrue(events.get(0).replace(" ", "").contains("\"grant\":\"client_credentials\""));
    assertFalse(events.get(0).contains("eyJ"), "no token in the audit trail");
  }

  @Test
  void requestedScopeIsDownSelected() {
    Fixtures.account()
        .create()
        .token("scope", "orders:read")
        .then()
        .statusCode(200)
        .body("scope", equalTo("orders:read"));
  }

  @Test
  void scopeOutsideTheAllowedSetIsInvalidScope() {
    Fixtures.account()
        .create()
        .token("scope", "orders:read signet:admin")
        .then()
        .statusCode(400)
        .header("Cache-Control", "no-store")
        .body("error", equalTo("invalid_scope"))
        .body("error_description", containsString("signet:admin"));
  }

  @Test
  void refusedRequestOfAnAuthenticatedClientIsAudited() {
    var account = Fixtures.account().create();
    account.token("scope", "signet:admin").then().statusCode(400);
    assertEquals(
        List.of("invalid_scope"),
        Fixtures.column(
            "SELECT "
                + Fixtures.EVENT
                + "->'attributes'->>'error' FROM outbox"
                + " WHERE event_type = 'token.request_refused' AND "
                + Fixtures.EVENT
                + "->>'actor' = ?",
            account.clientId));
  }

  @Test
  void audienceMustBeOneTheAccountMayAskFor() {
    var account =
        Fixtures.account().audiences("https://orders.example", "https://billing.example").create();
    String jwt =
        account
            .token("resource", "https://orders.example")
            .then()
            .statusCode(200)
            .extract()
            .path("access_token");
    assertTrue(payload(jwt).contains("\"aud\":\"https://orders.example\""));
    account
        .token("audience", "https://evil.example")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_target"));
  }

  @Test
  void wrongSecretWithBasicIs401WithChallenge() {
    var account = Fixtures.account().create();
    given()
        .auth()
        .preemptive()
        .basic(account.clientId, "not-the-secret")
        .formParam("grant_type", "client_credentials")
        .when()
        .post("/oauth2/token")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", startsWith("Basic"))
        .header("Cache-Control", "no-store")
        .body("error", equalTo("invalid_client"));
  }

  @Test
  void wrongSecretWithPostIs400WithoutBasicChallenge() {
    var account = Fixtures.account().method("client_secret_post").create();
    given()
        .formParam("grant_type", "client_credentials")
        .formParam("client_id", account.clientId)
        .formParam("client_secret", "nope")
        .when()
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .header("WWW-Authenticate", nullValue())
        .body("error", equalTo("invalid_client"));
  }

  @Test
  void unknownClientIsInvalidClientAndCountedAndAudited() {
    double before = authFailures("unknown_client");
    String agent = "unknown-client-test/" + UUID.randomUUID();
    given()
        .header("User-Agent", agent)
        .auth()
        .preemptive()
        .basic("no-such-client-" + UUID.randomUUID(), "x")
        .formParam("grant_type", "client_credentials")
        .when()
        .post("/oauth2/token")
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_client"));
    assertEquals(before + 1, authFailures("unknown_client"), "this one request was counted");
    assertEquals(
        List.of("unknown_client"),
        Fixtures.authFailureReasonsFrom(agent),
        "this request's failure is in the outbox, under its own user agent");
  }

  /** signet_auth_failures_total for one reason, read from the registry the endpoint feeds. */
  private double authFailures(String reason) {
    Counter counter = registry.find("signet.auth.failures").tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void noCredentialsIsInvalidClientWithoutAChallenge() {
    given()
        .formParam("grant_type", "client_credentials")
        .when()
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_client"));
  }

  @Test
  void disabledAccountIsRefused() {
    Fixtures.account()
        .disabled()
        .create()
        .token()
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_client"));
  }

  @Test
  void expiredAccountIsRefused() {
    Fixtures.account()
        .expiresAt(Instant.now().minusSeconds(60))
        .create()
        .token()
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_client"));
  }

  @Test
  void ipAllowListIsEnforced() {
    var outside = Fixtures.account().ipAllowList("10.0.0.0/8").create();
    outside
        .token()
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", startsWith("Basic"))
        .body("error", equalTo("invalid_client"))
        .body("access_token", nullValue());
    assertEquals(List.of("ip_not_allowed"), Fixtures.authFailureReasonsOf(outside.clientId));
    var inside = Fixtures.account().ipAllowList("127.0.0.0/8", "::1/128").create();
    inside.token().then().statusCode(200).body("access_token", notNullValue());
    assertEquals(List.of(), Fixtures.authFailureReasonsOf(inside.clientId));
  }

  @Test
  void keyClientCannotUseASecret() {
    var account = Fixtures.account().method("private_key_jwt").create();
    account
        .token()
        .then()
        .statusCode(401)
        .body("error", equalTo("invalid_client"))
        .body("access_token", nullValue());
    assertEquals(List.of("wrong_method"), Fixtures.authFailureReasonsOf(account.clientId));
  }

  @Test
  void missingGrantTypeIsInvalidRequest() {
    var account = Fixtures.account().create();
    given()
        .auth()
        .preemptive()
        .basic(account.clientId, account.secret)
        .formParam("scope", "orders:read")
        .when()
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
  }

  @Test
  void unknownGrantTypeIsUnsupported() {
    var account = Fixtures.account().create();
    given()
        .auth()
        .preemptive()
        .basic(account.clientId, account.secret)
        .formParam("grant_type", "password")
        .when()
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("unsupported_grant_type"));
  }

  @Test
  void repeatedParameterIsInvalidRequest() {
    var account = Fixtures.account().create();
    given()
        .auth()
        .preemptive()
        .basic(account.clientId, account.secret)
        .formParam("grant_type", "client_credentials")
        .formParam("scope", "orders:read")
        .formParam("scope", "orders:write")
        .when()
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
  }

  @Test
  void twoAuthMethodsAtOnceIsInvalidRequest() {
    var account = Fixtures.account().create();
    given()
        .auth()
        .preemptive()
        .basic(account.clientId, account.secret)
        .formParam("grant_type", "client_credentials")
        .formParam("client_id", account.clientId)
        .formParam("client_secret", account.secret)
        .when()
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
  }

  @Test
  void jsonBodyIsRefusedAsOAuthError() {
    given()
        .contentType("application/json")
        .body("{\"grant_type\":\"client_credentials\"}")
        .when()
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"))
        .body(not(containsString("Exception")));
  }

  @Test
  void issuedTokensAreCountedByGrantAndClient() {
    var account = Fixtures.account().create();
    account.token().then().statusCode(200);
    given()
        .get("/q/metrics")
        .then()
        .body(
            containsString(
                "signet_tokens_issued_total{client_id=\""
                    + account.clientId
                    + "\",grant=\"client_credentials\"} 1.0"));
  }

  static String payload(String jwt) {
    return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
  }
}
