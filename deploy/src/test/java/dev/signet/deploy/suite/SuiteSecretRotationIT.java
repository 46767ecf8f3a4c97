package dev.signet.deploy.suite;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.signet.deploy.suite.SuiteProcesses.Client;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HMAC key rotation runbook of {@code deploy/README.md} ("Rotating the HMAC key"), done on a
 * running suite: with an invite, a refresh token and client secrets outstanding, add key 2 (restart
 * token-service and admin-api with both keys), see everything outstanding still work and every new
 * hash use key 2, rotate the secrets still under key 1, then remove key 1 (restart again) and see
 * what the runbook says is left keep working. Its own suite: restarts and a changed key would
 * disturb the shared one.
 */
class SuiteSecretRotationIT {

  private static final String SCOPE = "orders:read";

  private static SesMailbox mail;
  private static SuiteProcesses suite;
  private static TokenServiceClient oauth;
  private static AdminApiClient admin;

  @BeforeAll
  static void start() throws Exception {
    mail = new SesMailbox();
    suite = SuiteProcesses.start("e2e-logs/rotation", Map.of("admin-api", mail.adminSettings()));
    oauth = new TokenServiceClient(suite.tokenUrl());
    admin = new AdminApiClient(suite.adminUrl(), SuiteSecretRotationIT::adminToken);
  }

  @AfterAll
  static void stop() {
    if (suite != null) {
      suite.close();
    }
    if (mail != null) {
      mail.close();
    }
  }

  private static String adminToken() {
    return oauth.awaitToken(suite.bootstrap(), "signet:admin").getString("access_token");
  }

  /** Key list {@code keys} for token-service and admin-api (the services that hash secrets). */
  private static void restartWith(String keys) {
    Map<String, String> changed = Map.of("SIGNET_SECRETS_HMAC_KEYS", keys);
    suite.restart("token-service", changed);
    suite.restart("admin-api", merged(mail.adminSettings(), changed));
  }

  private static Map<String, String> merged(Map<String, String> a, Map<String, String> b) {
    Map<String, String> all = new HashMap<>(a);
    all.putAll(b);
    return all;
  }

  private static int version(String sql, String key) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:" + suite.database.url() + "?currentSchema=signet",
                suite.database.user(),
                suite.database.password());
        PreparedStatement q = c.prepareStatement(sql)) {
      q.setString(1, key);
      try (ResultSet rs = q.executeQuery()) {
        if (!rs.next()) {
          throw new AssertionError("no row for " + key + " in " + sql);
        }
        return rs.getInt(1);
      }
    }
  }

  private static int secretVersion(Client account) throws SQLException {
    return version(
        "SELECT secret_hash_version FROM service_accounts WHERE client_id = ?", account.clientId());
  }

  private static String invite(String email) {
    Response created =
        given()
            .baseUri(suite.adminUrl())
            .auth()
            .oauth2(adminToken())
            .contentType("application/json")
            .body(Map.of("email", email, "roles", List.of()))
            .post("/v1/invites");
    Answers.expect(created, 201, "invite " + email);
    return mail.lastLinkTo(email);
  }

  private static Response verify(String linkQuery) {
    return given().baseUri(suite.adminUrl()).get("/v1/verify?" + linkQuery);
  }

  private static String refreshToken(Client account) {
    JsonPath answer =
        Answers.expect(oauth.clientCredentials(account, SCOPE), 200, "client_credentials")
            .jsonPath();
    return answer.getString("refresh_token");
  }

  private static String refresh(Client account, String refreshToken) {
    return Answers.expect(oauth.refresh(account, refreshToken), 200, "refresh")
        .jsonPath()
        .getString("refresh_token");
  }

  @Test
  void rotatingTheHmacKeyKeepsEverythingOutstandingWorking() throws Exception {
    String oldKeys = suite.hmacKeys();
    String newKey = "2=" + SuiteProcesses.newKey();

    // Before: everything hashed under key 1.
    Client before = admin.createServiceAccount("e2e-rot-before", List.of(SCOPE), true);
    oauth.awaitToken(before, SCOPE);
    String refreshBefore = refreshToken(before);
    assertNotNull(refreshBefore);
    String inviteBefore = invite("rot-before@suite.example");
    String inviteAcrossBoth = invite("rot-across@suite.example");
    assertEquals(1, secretVersion(before));

    // Step 1: add key 2; it becomes current (the highest), key 1 still verifies.
    restartWith(oldKeys + "," + newKey);
    oauth.awaitToken(before, SCOPE);
    String refreshed = refresh(before, refreshBefore);
    assertEquals(
        2,
        version(
            "SELECT hash_version FROM refresh_tokens WHERE client_id = ? AND status = 'active'"
                + " ORDER BY issued_at DESC LIMIT 1",
            before.clientId()),
        "the rotated refresh token is hashed under key 2");
    Answers.expect(verify(inviteBefore), 200, "an invite mailed before the rotation");
    Client after = admin.createServiceAccount("e2e-rot-after", List.of(SCOPE), true);
    oauth.awaitToken(after, SCOPE);
    assertEquals(2, secretVersion(after), "new secrets are hashed under key 2");

    // Step 2 of the runbook: rotate every secret still under key 1 (the query in the README).
    Client rotated = admin.rotateSecret(before.clientId(), 0).client();
    assertEquals(2, secretVersion(rotated));
    oauth.awaitToken(rotated, SCOPE);

    // Step 3: remove key 1. What was re-hashed or created since keeps working.
    restartWith(newKey);
    oauth.awaitToken(rotated, SCOPE);
    oauth.awaitToken(after, SCOPE);
    refresh(rotated, refreshed);
    // An invite mailed under key 1 and not redeemed before key 1 left is dead: the runbook says
    // to wait for signet.invites.ttl (or to re-invite) before removing a key.
    int dead = verify(inviteAcrossBoth).statusCode();
    assertEquals(true, dead == 404 || dead == 410, "an invite hashed under a removed key: " + dead);
  }
}
