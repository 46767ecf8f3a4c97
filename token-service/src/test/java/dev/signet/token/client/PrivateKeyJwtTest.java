package dev.signet.token.client;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.common.testing.Eventually;
import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PrivateKeyJwtTest {

  @Inject TestTokens tokens;

  @BeforeEach
  void activeKey() {
    tokens.ensureActiveKey();
  }

  private static final String TOKEN_ENDPOINT = "http://127.0.0.1:8081/oauth2/token";

  private record KeyClient(Fixtures.Account account, RsaJsonWebKey key) {}

  /**
   * One client key pair and one stranger's for the class: every test has its own account (its own
   * client id), so sharing the key material shares nothing a test could change.
   */
  private static RsaJsonWebKey clientKey;

  private static RsaJsonWebKey strangerKey;

  @BeforeAll
  static void keys() throws Exception {
    clientKey = RsaJwkGenerator.generateJwk(2048);
    clientKey.setKeyId("k1");
    strangerKey = RsaJwkGenerator.generateJwk(2048);
    strangerKey.setKeyId("k1");
  }

  private static KeyClient keyClient() throws Exception {
    String jwks = new JsonWebKeySet(clientKey).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    return new KeyClient(
        Fixtures.account().method("private_key_jwt").jwks(jwks).create(), clientKey);
  }

  private static String assertion(
      RsaJsonWebKey key, String clientId, String audience, String jti, long lifetimeSeconds)
      throws Exception {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(clientId);
    claims.setSubject(clientId);
    claims.setAudience(audience);
    claims.setJwtId(jti);
    claims.setIssuedAtToNow();
    claims.setExpirationTime(
        NumericDate.fromSeconds(System.currentTimeMillis() / 1000 + lifetimeSeconds));
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(key.getPrivateKey());
    jws.setKeyIdHeaderValue(key.getKeyId());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    return jws.getCompactSerialization();
  }

  private static Response tokenWith(String assertion) {
    return given()
        .formParam("grant_type", "client_credentials")
        .formParam(
            "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        .formParam("client_assertion", assertion)
        .when()
        .post("/oauth2/token");
  }

  @Test
  void signedAssertionAuthenticatesTheClient() throws Exception {
    KeyClient c = keyClient();
    String jwt =
        assertion(c.key(), c.account().clientId, TOKEN_ENDPOINT, UUID.randomUUID().toString(), 60);
    tokenWith(jwt).then().statusCode(200).body("access_token", notNullValue());
  }

  @Test
  void replayedAssertionIsRefused() throws Exception {
    KeyClient c = keyClient();
    String jwt =
        assertion(c.key(), c.account().clientId, TOKEN_ENDPOINT, UUID.randomUUID().toString(), 60);
    tokenWith(jwt).then().statusCode(200);
    tokenWith(jwt)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_client"))
        .body("access_token", nullValue())
        .header("WWW-Authenticate", nullValue());
    assertEquals(List.of("assertion_replay"), Fixtures.authFailureReasonsOf(c.account().clientId));
  }

  @Test
  void assertionSignedByAnotherKeyIsRefused() throws Exception {
    KeyClient c = keyClient();
    String jwt =
        assertion(
            strangerKey, c.account().clientId, TOKEN_ENDPOINT, UUID.randomUUID().toString(), 60);
    tokenWith(jwt)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_client"))
        .body("access_token", nullValue());
    assertEquals(List.of("bad_assertion"), Fixtures.authFailureReasonsOf(c.account().clientId));
  }

  @Test
  void assertionForAnotherAudienceIsRefused() throws Exception {
    KeyClient c = keyClient();
    String jwt =
        assertion(
            c.key(),
            c.account().clientId,
            "https://elsewhere.example/token",
            UUID.randomUUID().toString(),
            60);
    tokenWith(jwt).then().statusCode(400).body("error", equalTo("invalid_client"));
    assertEquals(List.of("bad_assertion"), Fixtures.authFailureReasonsOf(c.account().clientId));
  }

  @Test
  void longLivedAssertionIsRefused() throws Exception {
    KeyClient c = keyClient();
    String jwt =
        assertion(
            c.key(), c.account().clientId, TOKEN_ENDPOINT, UUID.randomUUID().toString(), 3600);
    tokenWith(jwt).then().statusCode(400).body("error", equalTo("invalid_client"));
    assertEquals(
        List.of("assertion_lifetime"), Fixtures.authFailureReasonsOf(c.account().clientId));
  }

  @Test
  void secretClientCannotUseAnAssertion() throws Exception {
    var account = Fixtures.account().create();
    String jwt =
        assertion(clientKey, account.clientId, TOKEN_ENDPOINT, UUID.randomUUID().toString(), 60);
    tokenWith(jwt).then().statusCode(400).body("error", equalTo("invalid_client"));
    assertEquals(List.of("wrong_method"), Fixtures.authFailureReasonsOf(account.clientId));
  }

  @Test
  void wrongAssertionTypeIsInvalidRequest() throws Exception {
    KeyClient c = keyClient();
    String jwt =
        assertion(c.key(), c.account().clientId, TOKEN_ENDPOINT, UUID.randomUUID().toString(), 60);
    given()
        .formParam("grant_type", "client_credentials")
        .formParam("client_assertion_type", "urn:example:other")
        .formParam("client_assertion", jwt)
        .when()
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
  }

  @Inject dev.signet.token.policy.PolicyClockSkew clockSkew;

  @Test
  void assertionFromAClockAheadIsJudgedByThePolicysClockSkew() throws Exception {
    KeyClient c = keyClient();
    long now = System.currentTimeMillis() / 1000;
    java.util.function.Supplier<String> ahead =
        () -> {
          try {
            JwtClaims claims = new JwtClaims();
            claims.setIssuer(c.account().clientId);
            claims.setSubject(c.account().clientId);
            claims.setAudience(TOKEN_ENDPOINT);
            claims.setJwtId(UUID.randomUUID().toString());
            claims.setIssuedAt(NumericDate.fromSeconds(now + 90));
            claims.setExpirationTime(NumericDate.fromSeconds(now + 150));
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(c.key().getPrivateKey());
            jws.setKeyIdHeaderValue(c.key().getKeyId());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            return jws.getCompactSerialization();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    tokenWith(ahead.get()).then().statusCode(400).body("error", equalTo("invalid_client"));
    Fixtures.SavedPolicy saved = Fixtures.savePolicy();
    Fixtures.update("UPDATE token_policy SET clock_skew_seconds = 120 WHERE id = 'default'");
    try {
      tokenWith(ahead.get()).then().statusCode(200);
      // The same setting reaches token verification through the ClockSkew bean.
      Eventually.until(
          Duration.ofSeconds(10),
          "the ClockSkew bean reads the policy's 120 s",
          () -> clockSkew.current().getSeconds() == 120);
    } finally {
      saved.restore();
    }
  }
}
