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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The service-account and incident flows of issue 5 end to end, through the public APIs of
 * keyring-service, token-service and admin-api running from their packaged jars (the same flows
 * deploy/smoke-test.sh checks against a running suite). Each test uses its own account; the started
 * suite is shared with the other suite ITs ({@link SharedSuite}).
 */
@ExtendWith(SharedSuite.Started.class)
class SuiteLifecycleIT {

  private static final String SCOPE = "orders:read";

  /**
   * An overlap no test outlives: the old secret must still work however slow the machine is, so
   * "works during the overlap" never races the clock.
   */
  private static final int LONG_OVERLAP_SECONDS = 3600;

  /** An overlap that ends while the test asks: "refused after the overlap" is then a condition. */
  private static final int SHORT_OVERLAP_SECONDS = 2;

  private static SharedSuite shared;
  private static SuiteProcesses suite;
  private static TokenServiceClient oauth;
  private static AdminApiClient admin;

  @BeforeAll
  static void startSuite() {
    shared = SharedSuite.get();
    suite = shared.processes;
    oauth = shared.oauth;
    admin = shared.admin;
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
  void rotatedSecretKeepsTheOldOneWorkingDuringTheOverlap() {
    Client original = admin.createServiceAccount("e2e-rotation", List.of(SCOPE), false);
    oauth.awaitToken(original, SCOPE);

    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    RotatedSecret rotated = admin.rotateSecret(original.clientId(), LONG_OVERLAP_SECONDS);
    Client renewed = rotated.client();
    assertNotEquals(original.secret(), renewed.secret());
    assertFalse(
        rotated.previousSecretExpiresAt().isBefore(before.plusSeconds(LONG_OVERLAP_SECONDS)),
        "the old secret works for the overlap asked for: " + rotated.previousSecretExpiresAt());

    // Once the new secret works, token-service has read the rotated account, so from here the
    // old secret can only pass as the previous secret; an hour of overlap is left.
    oauth.awaitToken(renewed, SCOPE);
    Answers.expect(oauth.clientCredentials(original, SCOPE), 200, "old secret during the overlap");
    Answers.expect(oauth.clientCredentials(renewed, SCOPE), 200, "new secret during the overlap");
  }

  @Test
  void rotatedOutSecretIsRefusedOnceTheOverlapEnds() {
    Client original = admin.createServiceAccount("e2e-rotation-end", List.of(SCOPE), false);
    oauth.awaitToken(original, SCOPE);

    RotatedSecret rotated = admin.rotateSecret(original.clientId(), SHORT_OVERLAP_SECONDS);
    Client renewed = rotated.client();
    oauth.awaitToken(renewed, SCOPE);

    // Asked until refused (bounded): the overlap ends on its own, nothing is waited out.
    Response refused =
        oauth.awaitRefusal(original, SCOPE, 401, "the old secret is refused after the overlap");
    Answers.expectOAuthError(refused, 401, "invalid_client", "old secret after the overlap");
    // Cause and effect, not a race: an answer received now was given at or before now.
    assertFalse(
        Instant.now().isBefore(rotated.previousSecretExpiresAt()),
        "the old secret was refused before its overlap ended at "
            + rotated.previousSecretExpiresAt());
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
    assertEquals(
        0,
        Answers.expect(
                given()
                    .baseUri(suite.tokenUrl())
                    .auth()
                    .oauth2(shared.adminToken())
                    .get("/v1/token-policy"),
                200,
                "token policy")
            .jsonPath()
            .getInt("refresh_reuse_grace_seconds"),
        "this test assumes no reuse grace window");
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
    // A Signet scope, so the token is for Signet's audiences, but not one that opens incidents.
    Client auditor =
        admin.createServiceAccount("e2e-not-admin", List.of("signet:audit:read"), false);
    String token = oauth.awaitToken(auditor, "signet:audit:read").getString("access_token");
    Client plain = admin.createServiceAccount("e2e-not-signet", List.of(SCOPE), false);
    String foreign = oauth.awaitToken(plain, SCOPE).getString("access_token");

    Answers.expect(
        given().baseUri(suite.adminUrl()).get("/v1/incidents"), 401, "no token at admin-api");
    Answers.expect(
        given().baseUri(suite.adminUrl()).auth().oauth2(token).get("/v1/incidents"),
        403,
        "a valid admin-api token without an incidents scope");
    Answers.expect(
        given().baseUri(suite.adminUrl()).auth().oauth2(foreign).get("/v1/incidents"),
        401,
        "a token for another audience than admin-api's");
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
