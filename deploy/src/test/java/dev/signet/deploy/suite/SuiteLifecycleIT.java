package dev.signet.deploy.suite;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.deploy.suite.AdminApiClient.RotatedSecret;
import dev.signet.deploy.suite.SuiteProcesses.Client;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service-account and incident flows of issue 5 end to end, through the public APIs of
 * keyring-service, token-service and admin-api running from their packaged jars (the same flows
 * deploy/smoke-test.sh checks against a running suite). Each test uses its own account.
 */
class SuiteLifecycleIT {

  private static final String SCOPE = "orders:read";

  /** Long enough to see the old secret work after the rotation, short enough to wait out. */
  private static final int OVERLAP_SECONDS = 6;

  private static SuiteProcesses suite;
  private static TokenServiceClient oauth;
  private static AdminApiClient admin;

  @BeforeAll
  static void startSuite() {
    suite = SuiteProcesses.start();
    oauth = new TokenServiceClient(suite.tokenUrl());
    // Ready is not yet usable: keyring creates and activates the first signing key on its own.
    String adminToken;
    try {
      adminToken = oauth.awaitToken(suite.bootstrap(), "signet:admin").getString("access_token");
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + suite.describe(), e);
    }
    admin = new AdminApiClient(suite.adminUrl(), adminToken);
  }

  @AfterAll
  static void stopSuite() {
    if (suite != null) {
      suite.close();
    }
  }

  @Test
  void newServiceAccountGetsATokenThatVerifiesAgainstTheKeyringJwks() throws Exception {
    Client account =
        admin.createServiceAccount("e2e-lifecycle", List.of(SCOPE, "orders:write"), false);
    assertNotNull(account.secret(), "the create answer shows the secret");

    String token = oauth.awaitToken(account, SCOPE).getString("access_token");

    JwtClaims claims = verifiedWithKeyringJwks(token);
    assertEquals(account.clientId(), claims.getSubject());
    assertEquals(account.clientId(), claims.getClaimValueAsString("client_id"));
    assertEquals(SCOPE, claims.getClaimValueAsString("scope"), "only the requested scope");

    JsonPath introspection =
        Answers.expect(oauth.introspect(account, token), 200, "introspect").jsonPath();
    assertTrue(introspection.getBoolean("active"), "introspection says active");
    assertEquals(account.clientId(), introspection.getString("client_id"));

    // token-service counts use in memory and reports it to admin-api in batches.
    Eventually.await(
        "admin-api shows the account's usage reported by token-service",
        Eventually.DEFAULT,
        () -> admin.serviceAccount(account.clientId()).getLong("usage_count"),
        count -> count > 0);
  }

  @Test
  void rotatedSecretKeepsTheOldOneWorkingUntilTheOverlapEnds() {
    Client original = admin.createServiceAccount("e2e-rotation", List.of(SCOPE), false);
    oauth.awaitToken(original, SCOPE);

    RotatedSecret rotated = admin.rotateSecret(original.clientId(), OVERLAP_SECONDS);
    Client renewed = rotated.client();
    assertNotEquals(original.secret(), renewed.secret());

    // Once the new secret works, token-service has read the rotated account, so from here the
    // old secret can only pass as the previous secret, within the overlap.
    oauth.awaitToken(renewed, SCOPE);
    assertTrue(
        Instant.now().isBefore(rotated.previousSecretExpiresAt()),
        "the overlap was over before the old secret could be tried; raise OVERLAP_SECONDS");
    Answers.expect(oauth.clientCredentials(original, SCOPE), 200, "old secret during the overlap");

    Response refused =
        oauth.awaitRefusal(original, SCOPE, 401, "the old secret is refused after the overlap");
    Answers.expectOAuthError(refused, 401, "invalid_client", "old secret after the overlap");
    assertFalse(
        Instant.now().isBefore(rotated.previousSecretExpiresAt()),
        "the old secret was refused before its overlap ended");
    Answers.expect(oauth.clientCredentials(renewed, SCOPE), 200, "new secret after the overlap");
  }

  @Test
  void disabledAccountIsRefusedByTheTokenEndpoint() {
    Client account = admin.createServiceAccount("e2e-disable", List.of(SCOPE), false);
    oauth.awaitToken(account, SCOPE);

    assertEquals("disabled", admin.disable(account.clientId()).getString("status"));

    Response refused = oauth.awaitRefusal(account, SCOPE, 401, "a disabled account is refused");
    Answers.expectOAuthError(refused, 401, "invalid_client", "token request of a disabled account");
  }

  @Test
  void reusedRefreshTokenOpensAnIncidentThatAnAdminResolves() {
    Client account = admin.createServiceAccount("e2e-refresh", List.of(SCOPE), true);
    String first = oauth.awaitToken(account, SCOPE).getString("refresh_token");
    assertNotNull(first, "a refresh opt-in account gets a refresh token");

    String second =
        Answers.expect(oauth.refresh(account, first), 200, "first refresh")
            .jsonPath()
            .getString("refresh_token");
    assertNotEquals(first, second, "refresh rotates the token");

    // The default token policy has no reuse grace window: presenting a rotated token is reuse.
    Answers.expectOAuthError(oauth.refresh(account, first), 400, "invalid_grant", "replay");
    Answers.expectOAuthError(
        oauth.refresh(account, second), 400, "invalid_grant", "successor of a reused token");

    // token-service records the incident event in its outbox; the dispatcher delivers it.
    Map<String, Object> opened =
        Eventually.present(
            "admin-api lists a refresh_token_reuse incident for " + account.clientId(),
            () -> admin.incident("incident.refresh_token_reuse", account.clientId()));
    String id = (String) opened.get("id");
    assertEquals("open", opened.get("status"));
    assertEquals("high", opened.get("severity"));

    JsonPath acknowledged = admin.acknowledgeIncident(id);
    assertEquals("acknowledged", acknowledged.getString("status"));
    assertEquals(suite.bootstrap().clientId(), acknowledged.getString("acknowledged_by"));

    String note = "e2e: replayed refresh token, family revoked by token-service";
    admin.resolveIncident(id, note);
    JsonPath resolved = admin.incident(id);
    assertEquals("resolved", resolved.getString("status"));
    assertEquals(note, resolved.getString("resolution_note"));
    assertEquals(suite.bootstrap().clientId(), resolved.getString("resolved_by"));
    assertNotNull(resolved.getString("details.family_id"), "the incident names the family");
  }

  @Test
  void wrongSecretIsRefusedWithABasicChallengeLikeAnUnknownClient() {
    Client account = admin.createServiceAccount("e2e-wrong-secret", List.of(SCOPE), false);
    oauth.awaitToken(account, SCOPE);

    Response wrongSecret =
        oauth.clientCredentials(new Client(account.clientId(), "not-the-secret"), SCOPE);
    Answers.expectOAuthError(wrongSecret, 401, "invalid_client", "wrong secret");
    assertTrue(
        wrongSecret.getHeader("WWW-Authenticate").startsWith("Basic"),
        "invalid_client after Basic auth carries a Basic challenge");

    Response unknown = oauth.clientCredentials(new Client("e2e-nobody", "whatever"), SCOPE);
    Answers.expectOAuthError(unknown, 401, "invalid_client", "unknown client");
    assertEquals(
        wrongSecret.jsonPath().getString("error_description"),
        unknown.jsonPath().getString("error_description"),
        "the answer does not tell which check failed");
  }

  @Test
  void adminApiRefusesMissingAndNonAdminTokens() {
    Client account = admin.createServiceAccount("e2e-not-admin", List.of(SCOPE), false);
    String token = oauth.awaitToken(account, SCOPE).getString("access_token");

    Answers.expect(
        given().baseUri(suite.adminUrl()).get("/v1/incidents"), 401, "no token at admin-api");
    Answers.expect(
        given().baseUri(suite.adminUrl()).auth().oauth2(token).get("/v1/incidents"),
        403,
        "a valid token without an admin scope");
  }

  @Test
  void aRevokedAccessTokenNoLongerOpensAdminApi() {
    Client account = admin.createServiceAccount("e2e-revoked", List.of("signet:audit:read"), false);
    String token = oauth.awaitToken(account, "signet:audit:read").getString("access_token");
    Answers.expect(
        given().baseUri(suite.adminUrl()).auth().oauth2(token).get("/v1/audit-events"),
        200,
        "the audit trail with a fresh signet:audit:read token");

    Answers.expect(oauth.revoke(account, token), 200, "RFC 7009 revocation");

    Response refused =
        Eventually.await(
            "admin-api refuses the revoked token (it asks token-service)",
            Eventually.DEFAULT,
            () -> given().baseUri(suite.adminUrl()).auth().oauth2(token).get("/v1/audit-events"),
            r -> r.statusCode() == 401,
            Answers::summary);
    assertTrue(
        refused.header("WWW-Authenticate").contains("invalid_token"),
        "a Bearer challenge: " + refused.header("WWW-Authenticate"));
  }

  /** Verifies signature (by kid, from keyring's JWKS), issuer, audience and expiry. */
  private static JwtClaims verifiedWithKeyringJwks(String token) throws Exception {
    String jwks =
        Answers.expect(
                given().baseUri(suite.keyringUrl()).get("/.well-known/jwks.json"), 200, "JWKS")
            .asString();
    JwtConsumer consumer =
        new JwtConsumerBuilder()
            .setVerificationKeyResolver(
                new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
            .setJwsAlgorithmConstraints(
                AlgorithmConstraints.ConstraintType.PERMIT,
                AlgorithmIdentifiers.RSA_USING_SHA256,
                AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
                AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
                AlgorithmIdentifiers.EDDSA)
            .setExpectedIssuer(suite.issuer())
            // No audience asked for and none configured: token-service uses its issuer.
            .setExpectedAudience(suite.issuer())
            .setRequireExpirationTime()
            .setRequireJwtId()
            .build();
    return consumer.processToClaims(token);
  }
}
