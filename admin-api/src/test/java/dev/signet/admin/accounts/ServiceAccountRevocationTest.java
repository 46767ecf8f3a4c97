package dev.signet.admin.accounts;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.admin.AuditDeliveryProxy;
import dev.signet.admin.FakeTokenService;
import dev.signet.admin.Sql;
import dev.signet.common.secret.SecretHasher;
import dev.signet.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Disabling, deleting or declaring a secret compromised revokes the client's earlier tokens at
 * token-service before the change commits (issue 13, item 4); without token-service, nothing
 * changes and the admin gets 503 with Retry-After.
 */
@QuarkusTest
class ServiceAccountRevocationTest {

  @Inject TestTokens tokens;
  @Inject SecretHasher hasher;

  @BeforeEach
  void tokenServiceReachable() {
    AuditDeliveryProxy.reachable();
  }

  private String admin() {
    return tokens.bearer("carol", "signet:admin");
  }

  /** Creates an account and returns its client secret. */
  private String create(String clientId) {
    return given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"client_id\":\"" + clientId + "\",\"name\":\"r\",\"scopes\":[\"deploy:read\"]}")
        .post("/v1/service-accounts")
        .then()
        .statusCode(201)
        .extract()
        .path("client_secret");
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Map<String, Object> row(String clientId) {
    return Sql.row("SELECT * FROM service_accounts WHERE client_id = ?", clientId);
  }

  private static void revokedFor(String clientId, String reason) {
    List<Map<String, Object>> calls = FakeTokenService.revocationsOf(clientId);
    assertEquals(1, calls.size(), "revocations of " + clientId);
    assertEquals(reason, calls.get(0).get("reason"));
    assertEquals("carol", calls.get(0).get("actor"));
  }

  @Test
  void disableRevokesTheClientsTokensFirst() {
    String id = unique("rv-disable");
    create(id);
    given()
        .auth()
        .oauth2(admin())
        .post("/v1/service-accounts/" + id + "/disable")
        .then()
        .statusCode(200);
    revokedFor(id, "account_disabled");
    assertEquals("disabled", row(id).get("status"));
  }

  @Test
  void deleteRevokesTheClientsTokensFirst() {
    String id = unique("rv-delete");
    create(id);
    given().auth().oauth2(admin()).delete("/v1/service-accounts/" + id).then().statusCode(204);
    revokedFor(id, "account_deleted");
    assertEquals(null, row(id));
  }

  @Test
  void compromisedSecretIsDroppedAtOnceAndTheTokensRevoked() {
    String id = unique("rv-leak");
    String old = create(id);
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"compromised\":true}")
        .queryParam("overlap_seconds", 3600)
        .post("/v1/service-accounts/" + id + "/rotate-secret")
        .then()
        .statusCode(200)
        .body("previous_secret_expires_at", nullValue());
    revokedFor(id, "secret_compromised");
    Map<String, Object> r = row(id);
    assertEquals(null, r.get("previous_secret_hash"));
    assertTrue(
        !hasher.matches(
            old, (byte[]) r.get("secret_hash"), (Integer) r.get("secret_hash_version")));
  }

  @Test
  void plainRotationRevokesNothing() {
    String id = unique("rv-plain");
    create(id);
    given()
        .auth()
        .oauth2(admin())
        .post("/v1/service-accounts/" + id + "/rotate-secret")
        .then()
        .statusCode(200);
    assertEquals(0, FakeTokenService.revocationsOf(id).size());
  }

  @Test
  void disableWithoutTokenServiceChangesNothing() {
    String id = unique("rv-down");
    String secret = create(id);
    FakeTokenService.FAILING_REVOCATIONS.add(id);
    try {
      for (String[] call :
          new String[][] {
            {"POST", "/disable", null},
            {"DELETE", "", null},
            {"POST", "/rotate-secret", "{\"compromised\":true}"}
          }) {
        var r = given().auth().oauth2(admin());
        if (call[2] != null) {
          r = r.contentType("application/json").body(call[2]);
        }
        r.request(call[0], "/v1/service-accounts/" + id + call[1])
            .then()
            .statusCode(503)
            .contentType("application/problem+json")
            .header("Retry-After", org.hamcrest.Matchers.notNullValue());
      }
    } finally {
      FakeTokenService.FAILING_REVOCATIONS.remove(id);
    }
    Map<String, Object> r = row(id);
    assertEquals("active", r.get("status"));
    assertTrue(
        hasher.matches(
            secret, (byte[]) r.get("secret_hash"), (Integer) r.get("secret_hash_version")));
    assertEquals(
        0,
        Sql.count(
            "SELECT count(*) FROM outbox WHERE payload->>'target' = ? AND event_type <> "
                + "'admin.service_account.created'",
            id));
  }
}
