package dev.signet.token.user;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Key login (RFC 7523 grant) with keys people enrolled through admin-api, good and bad paths. */
@QuarkusTest
class KeyLoginTest {

  @Inject TestTokens tokens;

  /** A confidential client a resource server would introspect with. */
  private Fixtures.Account resourceServer;

  @BeforeEach
  void setUp() {
    tokens.ensureActiveKey();
    resourceServer = Fixtures.account().create();
  }

  private static JwtClaims claimsOf(String jwt) throws Exception {
    return new JwtConsumerBuilder()
        .setSkipAllValidators()
        .setDisableRequireSignature()
        .setSkipSignatureVerification()
        .build()
        .processToClaims(jwt);
  }

  private static Response refresh(String refreshToken) {
    return given()
        .formParam("grant_type", "refresh_token")
        .formParam("client_id", "signet-cli")
        .formParam("refresh_token", refreshToken)
        .when()
        .post("/oauth2/token");
  }

  private void assertActive(String token, boolean active) {
    resourceServer.introspect(token).then().statusCode(200).body("active", equalTo(active));
  }

  private static List<String> refusals(UUID userId) {
    return Fixtures.column(
        "SELECT "
            + Fixtures.EVENT
            + "->'attributes'->>'reason' FROM outbox WHERE event_type = 'user.login' AND "
            + Fixtures.EVENT
            + "->>'outcome' <> 'success' AND "
            + Fixtures.EVENT
            + "->>'subject' = ? ORDER BY seq",
        userId.toString());
  }

  @Test
  void ed25519LoginRefreshesUntilUserVerIsBumped() throws Exception {
    UUID person = People.person("developer", "admin");
    People.Key key = People.ed25519(person);

    Response login = key.login();
    login.then().statusCode(200).body("token_type", equalTo("Bearer"));
    String access = login.path("access_token");
    String refreshToken = login.path("refresh_token");
    JwtClaims claims = claimsOf(access);
    assertEquals(person.toString(), claims.getSubject());
    assertEquals(1L, claims.getClaimValue("user_ver"));
    assertEquals(key.kid(), claims.getClaimValue("akid"));
    assertEquals("user", claims.getClaimValue("principal_type"));
    assertEquals("signet-cli", claims.getClaimValue("client_id"));
    assertEquals("developer signet:admin", claims.getClaimValue("scope"));
    assertTrue(claims.getAudience().contains("urn:signet:admin"));
    assertActive(access, true);

    Response refreshed = refresh(refreshToken);
    refreshed.then().statusCode(200).body("refresh_token", notNullValue());
    String access2 = refreshed.path("access_token");
    assertEquals(key.kid(), claimsOf(access2).getClaimValue("akid"));
    assertActive(access2, true);

    People.bumpUserVer(person);
    assertActive(access, false);
    assertActive(access2, false);
    refresh(refreshed.path("refresh_token"))
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"));
    // A new login carries the new user_ver and works again.
    Response again = key.login();
    again.then().statusCode(200);
    assertEquals(2L, claimsOf(again.path("access_token")).getClaimValue("user_ver"));
    assertActive(again.path("access_token"), true);
  }

  @Test
  void p256LoginEndsWhenTheKeyIsRevoked() throws Exception {
    UUID person = People.person("developer");
    People.Key key = People.p256(person);
    Response login = key.login("scope", "developer elsewhere");
    login.then().statusCode(200).body("scope", equalTo("developer"));
    String access = login.path("access_token");
    assertActive(access, true);

    People.revoke(key);
    assertActive(access, false);
    refresh(login.path("refresh_token"))
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"));
    key.login().then().statusCode(400).body("error", equalTo("invalid_grant"));
    assertEquals(List.of("key_revoked"), refusals(person));
  }

  @Test
  void loginsAreCountedByMethodAndOutcome() throws Exception {
    People.Key key = People.ed25519(People.person());
    String assertion = key.assertion();
    People.Key.loginWith(assertion).then().statusCode(200);
    People.Key.loginWith(assertion).then().statusCode(400);
    given()
        .get("/q/metrics")
        .then()
        .body(containsString("signet_user_logins_total{method=\"key\",outcome=\"success\"}"))
        .body(
            containsString(
                "signet_user_logins_total{method=\"key\",outcome=\"assertion_replay\"}"));
  }

  @Test
  void replayedAssertionIsRefused() throws Exception {
    People.Key key = People.ed25519(People.person());
    String assertion = key.assertion();
    People.Key.loginWith(assertion).then().statusCode(200);
    People.Key.loginWith(assertion)
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"))
        .body("access_token", nullValue());
    assertEquals(List.of("assertion_replay"), refusals(key.userId()));
  }

  @Test
  void assertionForAnotherAudienceIsRefused() throws Exception {
    People.Key key = People.ed25519(People.person());
    People.Key.loginWith(
            key.assertion("https://elsewhere.example", UUID.randomUUID().toString(), 60))
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"));
    assertEquals(List.of("bad_assertion"), refusals(key.userId()));
  }

  @Test
  void assertionLivingLongerThanFiveMinutesIsRefused() throws Exception {
    People.Key key = People.p256(People.person());
    People.Key.loginWith(key.assertion(People.ISSUER, UUID.randomUUID().toString(), 3600))
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"));
    assertEquals(List.of("assertion_lifetime"), refusals(key.userId()));
  }

  @Test
  void unknownKidIsRefused() throws Exception {
    UUID person = People.person();
    People.Key enrolled = People.ed25519(person);
    // Same person, a key that was never enrolled (its own thumbprint as kid).
    People.Key stranger =
        new People.Key(
            person,
            "not-" + enrolled.kid(),
            org.jose4j.jwk.OkpJwkGenerator.generateJwk(
                org.jose4j.jwk.OctetKeyPairJsonWebKey.SUBTYPE_ED25519),
            "EdDSA");
    stranger.login().then().statusCode(400).body("error", equalTo("invalid_grant"));
    assertEquals(List.of("unknown_kid"), refusals(person));
  }

  @Test
  void disabledPersonCannotLogIn() throws Exception {
    UUID person = People.person("developer");
    People.Key key = People.ed25519(person);
    People.disable(person);
    key.login().then().statusCode(400).body("error", equalTo("invalid_grant"));
    assertEquals(List.of("user_disabled"), refusals(person));
  }

  @Test
  void unsignedAssertionNamingARealKeyIsRefused() throws Exception {
    People.Key key = People.p256(People.person());
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(key.userId().toString());
    claims.setSubject(key.userId().toString());
    claims.setAudience(People.ISSUER);
    claims.setGeneratedJwtId();
    claims.setIssuedAtToNow();
    claims.setExpirationTimeMinutesInTheFuture(1);
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
    jws.setKeyIdHeaderValue(key.kid());
    People.Key.loginWith(jws.getCompactSerialization())
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_grant"));
    assertEquals(List.of("bad_assertion"), refusals(key.userId()));
  }

  @Test
  void hostileAssertionsGetCleanOAuthErrors() throws Exception {
    for (String bad :
        List.of(
            "x", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", "\u0000.\u0000.\u0000", "x".repeat(20000))) {
      // Cut at the form (invalid_request) or at the assertion (invalid_grant): never a 500.
      People.Key.loginWith(bad)
          .then()
          .statusCode(400)
          .body("error", anyOf(equalTo("invalid_grant"), equalTo("invalid_request")));
    }
    given()
        .formParam("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
        .when()
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("invalid_request"));
  }

  @Test
  void confidentialClientCannotUseKeyLoginAndPublicClientCannotUseClientCredentials()
      throws Exception {
    People.Key key = People.ed25519(People.person());
    Fixtures.Account svc = Fixtures.account().create();
    given()
        .auth()
        .preemptive()
        .basic(svc.clientId, svc.secret)
        .formParam("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer")
        .formParam("assertion", key.assertion())
        .when()
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("unauthorized_client"));
    given()
        .formParam("grant_type", "client_credentials")
        .formParam("client_id", "signet-cli")
        .when()
        .post("/oauth2/token")
        .then()
        .statusCode(400)
        .body("error", equalTo("unauthorized_client"));
    given()
        .formParam("client_id", "signet-cli")
        .formParam("token", "whatever")
        .when()
        .post("/oauth2/introspect")
        .then()
        .statusCode(400)
        .body("error", equalTo("unauthorized_client"));
  }
}
