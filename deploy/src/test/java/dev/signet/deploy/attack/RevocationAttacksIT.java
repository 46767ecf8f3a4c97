package dev.signet.deploy.attack;

import static dev.signet.deploy.attack.Signet.expectOAuthError;
import static dev.signet.deploy.attack.Signet.expectStatus;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.deploy.attack.Http.Answer;
import dev.signet.deploy.suite.SuiteProcesses.Client;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 items 4, 5 and 9: disabling, deleting or declaring a secret compromised ends the
 * account's earlier tokens within seconds, refresh reuse ends the family's access tokens, and a
 * token of a freshly rotated key is accepted at once (no cached "unknown kid" lock-out).
 */
class RevocationAttacksIT extends AttackCases {

  /** "Within seconds": admin-api's revocation cache is 2 s in the suite, NOTIFY is immediate. */
  private static final int SECONDS = 15;

  private static final String AUDIT_READ = "signet:audit:read";

  private static Answer auditTrail(String token) {
    return Http.get(suite.adminUrl() + "/v1/audit-events?limit=1").bearer(token).send();
  }

  private static String adminPath(String clientId, String suffix) {
    return suite.adminUrl() + "/v1/service-accounts/" + clientId + suffix;
  }

  /** An account with signet:audit:read and a token that opens admin-api's audit trail. */
  private static String[] accountWithWorkingToken(String prefix) {
    Client account = signet.createAccount(prefix, List.of(AUDIT_READ));
    String token = signet.accessToken(account, AUDIT_READ);
    expectStatus(auditTrail(token), "the fresh token opens admin-api", 200);
    assertTrue(signet.active(token), "the fresh token introspects active");
    return new String[] {account.clientId(), token, account.secret()};
  }

  private static void expectTokenDead(String token, String what) {
    signet.awaitInactive(token, SECONDS, what + ": the earlier token introspects active:false");
    AttackSuite.within(
        SECONDS,
        what + ": the earlier token no longer opens admin-api",
        () -> auditTrail(token).status(),
        status -> status == 401);
  }

  @Test
  void disabledAccountsTokenStaysActive() {
    String[] account = accountWithWorkingToken("atk-disable");
    expectStatus(
        Http.post(adminPath(account[0], "/disable")).bearer(signet.adminToken()).send(),
        "disable",
        200);
    expectTokenDead(account[1], "after disable");
  }

  @Test
  void deletedAccountsTokenStaysActive() {
    String[] account = accountWithWorkingToken("atk-delete");
    expectStatus(
        Http.delete(adminPath(account[0], "")).bearer(signet.adminToken()).send(), "delete", 204);
    expectTokenDead(account[1], "after delete");
  }

  @Test
  void reEnabledAccountRevivesItsOldToken() {
    String[] account = accountWithWorkingToken("atk-reenable");
    expectStatus(
        Http.post(adminPath(account[0], "/disable")).bearer(signet.adminToken()).send(),
        "disable",
        200);
    expectTokenDead(account[1], "after disable");
    expectStatus(
        Http.post(adminPath(account[0], "/enable")).bearer(signet.adminToken()).send(),
        "enable",
        200);
    // Once a new token is issued, token-service has seen the account active again.
    Client client = new Client(account[0], account[2]);
    AttackSuite.within(
        SECONDS,
        "the re-enabled account gets a token",
        () -> signet.clientCredentials(client, AUDIT_READ).status(),
        status -> status == 200);
    assertFalse(signet.active(account[1]), "re-enabling revived the token of before the disable");
    expectStatus(auditTrail(account[1]), "the old token at admin-api after re-enable", 401);
  }

  @Test
  void compromisedSecretRotationLeavesTokensActive() {
    String[] account = accountWithWorkingToken("atk-compromised");
    Answer rotated =
        Http.post(adminPath(account[0], "/rotate-secret"))
            .bearer(signet.adminToken())
            .json(Map.of("compromised", true))
            .send();
    expectStatus(rotated, "rotate-secret with compromised true", 200);
    expectTokenDead(account[1], "after a compromised-secret rotation");
    AttackSuite.within(
        SECONDS,
        "the compromised secret is refused at once (no overlap)",
        () -> signet.clientCredentials(new Client(account[0], account[2]), AUDIT_READ).status(),
        status -> status == 401);
  }

  @Test
  void reusedRefreshTokenLeavesFamilyAccessTokensActive() {
    Map<String, Object> body = Signet.account("atk-refresh", List.of(Signet.SCOPE));
    body.put("refresh_enabled", true);
    Client account = signet.createAccount(body);
    Answer first = signet.clientCredentials(account, Signet.SCOPE);
    expectStatus(first, "client_credentials with refresh", 200);
    String access1 = first.text("access_token");
    String refresh1 = first.text("refresh_token");
    Answer second = signet.refresh(account, refresh1);
    expectStatus(second, "first refresh", 200);
    String access2 = second.text("access_token");
    assertTrue(signet.active(access1) && signet.active(access2), "both access tokens start active");

    expectOAuthError(
        signet.refresh(account, refresh1), "refresh token reused", 400, "invalid_grant");

    signet.awaitInactive(access1, SECONDS, "after reuse: the family's first access token");
    signet.awaitInactive(access2, SECONDS, "after reuse: the access token minted by refresh");
  }

  @Test
  void freshlyRotatedKeysTokenIsRefusedAsUnknownKid() {
    Answer rotated =
        Http.post(suite.keyringUrl() + "/v1/keys/rotate?immediate=true")
            .bearer(signet.adminToken())
            .send();
    expectStatus(rotated, "emergency rotation", 200);
    String kid = rotated.json().path("activated").path("kid").asText();
    // token-service follows the active key by NOTIFY; take the first token it signs with it.
    String token =
        AttackSuite.within(
            SECONDS,
            "token-service signs with the new key " + kid,
            () -> signet.accessToken(signet.admin(), "signet:admin"),
            t -> kid.equals(Signet.header(t).path("kid").asText()));
    Answer opened =
        Http.get(suite.adminUrl() + "/v1/service-accounts?limit=1").bearer(token).send();
    expectStatus(opened, "admin-api at once with a token of the freshly rotated key", 200);
    assertTrue(signet.active(token), "introspection at once of a token of the new key");
  }

  @Test
  void tokenSignedWithUnknownKidIsAccepted() throws Exception {
    RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
    key.setKeyId(Signet.unique("atk-unknown-kid"));
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(suite.processes.issuer());
    claims.setAudience(suite.processes.issuer(), "urn:signet:admin", "urn:signet:token");
    claims.setSubject(signet.admin().clientId());
    claims.setClaim("client_id", signet.admin().clientId());
    claims.setClaim("scope", "signet:admin");
    claims.setGeneratedJwtId();
    claims.setIssuedAtToNow();
    claims.setExpirationTimeMinutesInTheFuture(5);
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(key.getPrivateKey());
    jws.setKeyIdHeaderValue(key.getKeyId());
    jws.setHeader("typ", "at+jwt");
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    String forged = jws.getCompactSerialization();
    assertFalse(
        signet.active(forged), "a token signed by a key Signet never had introspects active");
    expectStatus(
        Http.get(suite.adminUrl() + "/v1/service-accounts?limit=1").bearer(forged).send(),
        "admin-api with a token of an unknown kid",
        401);
  }
}
