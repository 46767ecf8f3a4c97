package dev.signet.token.introspect;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.common.auth.TokenVerifier;
import dev.signet.common.keys.ActiveKeySigner;
import dev.signet.common.testing.DatabaseTestTokens;
import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IntrospectionAndRevocationTest {

  @Inject TestTokens tokens;

  private static final DatabaseTestTokens OWN_KEYS = DatabaseTestTokens.fromTestProfile();

  @BeforeEach
  void activeKey() {
    tokens.ensureActiveKey();
  }

  @Inject ActiveKeySigner signer;
  @Inject TokenVerifier verifier;

  private static String accessToken(Fixtures.Account account) {
    return account.token().then().statusCode(200).extract().path("access_token");
  }

  @Test
  void activeAccessTokenIsDescribed() {
    var client = Fixtures.account().create();
    var resourceServer = Fixtures.account().create();
    String token = accessToken(client);
    resourceServer
        .introspect(token)
        .then()
        .statusCode(200)
        .header("Cache-Control", "no-store")
        .body("active", equalTo(true))
        .body("client_id", equalTo(client.clientId))
        .body("sub", equalTo(client.clientId))
        .body("scope", equalTo("orders:read orders:write"))
        .body("iss", equalTo("http://127.0.0.1:8081"))
        .body("token_type", equalTo("Bearer"))
        .body("exp", notNullValue())
        .body("jti", notNullValue());
  }

  @Test
  void revokedAccessTokenIsInactive() throws Exception {
    var client = Fixtures.account().create();
    String token = accessToken(client);
    JwtClaims claims = unverifiedClaims(token);
    client.revoke(token).then().statusCode(200);
    client.introspect(token).then().statusCode(200).body("active", equalTo(false));
    // The denylist row of exactly this jti, with the token's own client and expiry.
    assertEquals(
        List.of(client.clientId + "|client_revocation|" + claims.getExpirationTime().getValue()),
        Fixtures.column(
            "SELECT client_id || '|' || reason || '|' || extract(epoch FROM expires_at)::bigint"
                + " FROM revoked_jtis WHERE jti = ?",
            claims.getJwtId()));
    assertEquals(
        List.of("jti/" + claims.getJwtId()),
        Fixtures.column(
            "SELECT "
                + Fixtures.EVENT
                + "->>'target' FROM outbox WHERE event_type = 'token.revoked'"
                + " AND "
                + Fixtures.EVENT
                + "->>'actor' = ?",
            client.clientId));
  }

  private static JwtClaims unverifiedClaims(String jwt) throws Exception {
    return new JwtConsumerBuilder()
        .setSkipAllValidators()
        .setDisableRequireSignature()
        .setSkipSignatureVerification()
        .build()
        .processToClaims(jwt);
  }

  @Test
  void aClientCannotRevokeAnotherClientsToken() {
    var owner = Fixtures.account().create();
    var other = Fixtures.account().create();
    String token = accessToken(owner);
    other.revoke(token).then().statusCode(200);
    owner.introspect(token).then().body("active", equalTo(true));
  }

  @Test
  void revokingARefreshTokenRevokesItsFamily() {
    var client = Fixtures.account().refreshEnabled().create();
    String first = client.token().then().extract().path("refresh_token");
    String second = client.refresh(first).then().statusCode(200).extract().path("refresh_token");
    client
        .introspect(second)
        .then()
        .body("active", equalTo(true))
        .body("token_type", equalTo("refresh_token"));
    client.revoke(second).then().statusCode(200);
    client.introspect(second).then().body("active", equalTo(false));
    client.refresh(second).then().statusCode(400).body("error", equalTo("invalid_grant"));
    assertEquals(
        List.of("revoked"),
        Fixtures.column(
            "SELECT DISTINCT status FROM refresh_tokens WHERE client_id = ?", client.clientId));
  }

  @Test
  void unknownTokensAreRevokedWith200() {
    var client = Fixtures.account().create();
    client.revoke("no-such-token").then().statusCode(200);
    client.revoke("a.b.c").then().statusCode(200);
  }

  @Test
  void malformedAndForeignTokensAreInactive() {
    var client = Fixtures.account().create();
    client.introspect("garbage").then().statusCode(200).body("active", equalTo(false));
    client.introspect("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.").then().body("active", equalTo(false));
    String token = accessToken(client);
    String tampered = token.substring(0, token.length() - 4) + "AAAA";
    client.introspect(tampered).then().body("active", equalTo(false));
  }

  @Test
  void tokenOfAnotherTypeIsInactive() {
    var client = Fixtures.account().create();
    JwtClaims claims = new JwtClaims();
    claims.setIssuer("http://127.0.0.1:8081");
    claims.setSubject(client.clientId);
    claims.setAudience("http://127.0.0.1:8081");
    claims.setExpirationTimeMinutesInTheFuture(5);
    claims.setIssuedAtToNow();
    claims.setGeneratedJwtId();
    claims.setClaim("client_id", client.clientId);
    String idTokenLike = signer.sign(claims, "JWT").await().indefinitely();
    client.introspect(idTokenLike).then().body("active", equalTo(false));
  }

  /**
   * Tokens of the test's own keys ({@link DatabaseTestTokens#insertKey}), so the ring's shared
   * active key is never touched: a previous key still verifies, a retired or revoked one does not,
   * and an inactive verdict is a 200, not a 503.
   */
  @Test
  void tokenSignedByAPreviousKeyIsActive() {
    var client = Fixtures.account().create();
    var key = OWN_KEYS.insertKey("previous");
    client
        .introspect(key.sign(OWN_KEYS.claims(client.clientId, "orders:read")))
        .then()
        .statusCode(200)
        .body("active", equalTo(true))
        .body("client_id", equalTo(client.clientId));
  }

  @Test
  void tokenSignedByARetiredKeyIsInactiveNotUnavailable() {
    var client = Fixtures.account().create();
    var key = OWN_KEYS.insertKey("retired");
    client
        .introspect(key.sign(OWN_KEYS.claims(client.clientId, "orders:read")))
        .then()
        .statusCode(200)
        .body("active", equalTo(false));
  }

  @Test
  void tokenSignedByARevokedKeyIsInactive() {
    var client = Fixtures.account().create();
    var key = OWN_KEYS.insertKey("previous");
    String token = key.sign(OWN_KEYS.claims(client.clientId, "orders:read"));
    client.introspect(token).then().body("active", equalTo(true));
    Fixtures.update(
        "UPDATE signing_keys SET state = 'revoked', revoked_at = now() WHERE kid = ?", key.kid());
    // What a NOTIFY on the key channel does (KeyChangeNotificationTest sends the real one).
    verifier.invalidate();
    client.introspect(token).then().statusCode(200).body("active", equalTo(false));
  }

  @Test
  void tokenWithAnUnknownKidIsInactive() throws Exception {
    var client = Fixtures.account().create();
    RsaJsonWebKey stranger = RsaJwkGenerator.generateJwk(2048);
    JwtClaims claims = new JwtClaims();
    claims.setIssuer("http://127.0.0.1:8081");
    claims.setSubject(client.clientId);
    claims.setExpirationTimeMinutesInTheFuture(5);
    claims.setIssuedAtToNow();
    claims.setGeneratedJwtId();
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(stranger.getPrivateKey());
    jws.setKeyIdHeaderValue("not-a-signet-key");
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    jws.setHeader("typ", "at+jwt");
    client.introspect(jws.getCompactSerialization()).then().body("active", equalTo(false));
  }

  @Test
  void expiredAccessTokenIsInactive() {
    var client = Fixtures.account().create();
    JwtClaims claims = new JwtClaims();
    claims.setIssuer("http://127.0.0.1:8081");
    claims.setSubject(client.clientId);
    claims.setAudience("http://127.0.0.1:8081");
    long past = System.currentTimeMillis() / 1000 - 3600;
    claims.setIssuedAt(NumericDate.fromSeconds(past));
    claims.setExpirationTime(NumericDate.fromSeconds(past + 60));
    claims.setGeneratedJwtId();
    claims.setClaim("client_id", client.clientId);
    String expired = signer.sign(claims, "at+jwt").await().indefinitely();
    client.introspect(expired).then().body("active", equalTo(false));
  }

  @Test
  void introspectionRequiresClientAuthentication() {
    var client = Fixtures.account().create();
    String token = accessToken(client);
    given()
        .formParam("token", token)
        .when()
        .post("/oauth2/introspect")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_client"));
    given()
        .auth()
        .preemptive()
        .basic(client.clientId, "wrong")
        .formParam("token", token)
        .when()
        .post("/oauth2/revoke")
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", notNullValue());
  }

  @Test
  void missingTokenParameterIsInvalidRequest() {
    var client = Fixtures.account().create();
    given()
        .auth()
        .preemptive()
        .basic(client.clientId, client.secret)
        .formParam("token_type_hint", "access_token")
        .when()
        .post("/oauth2/introspect")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
  }
}
