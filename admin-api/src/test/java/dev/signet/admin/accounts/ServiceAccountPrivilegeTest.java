package dev.signet.admin.accounts;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.admin.AuditDeliveryProxy;
import dev.signet.admin.Sql;
import dev.signet.common.secret.SecretHasher;
import dev.signet.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Array;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Privilege escalation through the accounts API (issue 13, item 1): the signet: scopes are
 * reserved, no caller grants a scope it does not hold, and configured accounts are read-only.
 */
@QuarkusTest
class ServiceAccountPrivilegeTest {

  @Inject TestTokens tokens;
  @Inject SecretHasher hasher;

  @BeforeEach
  void tokenServiceReachable() {
    AuditDeliveryProxy.reachable();
  }

  private String accountsAdmin(String... more) {
    String[] scopes = new String[more.length + 1];
    scopes[0] = "signet:accounts:admin";
    System.arraycopy(more, 0, scopes, 1, more.length);
    return tokens.bearer("mallory", scopes);
  }

  private String signetAdmin() {
    return tokens.bearer("root", "signet:admin");
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Response create(String bearer, String clientId, String scopesJson) {
    return given()
        .auth()
        .oauth2(bearer)
        .contentType("application/json")
        .body("{\"client_id\":\"" + clientId + "\",\"name\":\"n\",\"scopes\":" + scopesJson + "}")
        .post("/v1/service-accounts");
  }

  private static long stored(String clientId) {
    return Sql.count("SELECT count(*) FROM service_accounts WHERE client_id = ?", clientId);
  }

  private static void refusedNaming(Response r, String scope) {
    r.then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("detail", containsString(scope));
  }

  @Test
  void accountsAdminCannotGrantSignetAdmin() {
    String id = unique("esc-admin");
    refusedNaming(create(accountsAdmin(), id, "[\"signet:admin\"]"), "signet:admin");
    assertEquals(0, stored(id));
  }

  @Test
  void accountsAdminCannotGrantAnySignetScope() {
    for (String scope : new String[] {"signet:keys:admin", "signet:accounts:admin"}) {
      String id = unique("esc-reserved");
      // even one its own token holds: the signet: scopes are granted by signet:admin only
      refusedNaming(create(accountsAdmin(scope), id, "[\"" + scope + "\"]"), scope);
      assertEquals(0, stored(id));
    }
  }

  @Test
  void nobodyCanGrantSignetInternal() {
    for (String bearer :
        new String[] {
          accountsAdmin("signet:internal"),
          signetAdmin(),
          tokens.bearer("both", "signet:admin", "signet:internal")
        }) {
      String id = unique("esc-internal");
      refusedNaming(create(bearer, id, "[\"signet:internal\"]"), "signet:internal");
      assertEquals(0, stored(id));
    }
  }

  @Test
  void callerCannotGrantAScopeItDoesNotHold() {
    String id = unique("esc-ceiling");
    refusedNaming(create(accountsAdmin("deploy:read"), id, "[\"deploy:write\"]"), "deploy:write");
    assertEquals(0, stored(id));
    create(accountsAdmin("deploy:read"), id, "[\"deploy:read\"]").then().statusCode(201);
  }

  @Test
  void updateCannotRaiseScopesAboveTheCeiling() {
    String id = unique("esc-update");
    create(accountsAdmin("deploy:read"), id, "[\"deploy:read\"]").then().statusCode(201);
    for (String scope : new String[] {"signet:admin", "signet:internal", "deploy:write"}) {
      Response r =
          given()
              .auth()
              .oauth2(accountsAdmin("deploy:read"))
              .contentType("application/json")
              .body("{\"scopes\":[\"deploy:read\",\"" + scope + "\"]}")
              .patch("/v1/service-accounts/" + id);
      refusedNaming(r, scope);
    }
    given()
        .auth()
        .oauth2(signetAdmin())
        .contentType("application/json")
        .body("{\"scopes\":[\"signet:internal\"]}")
        .patch("/v1/service-accounts/" + id)
        .then()
        .statusCode(403);
    assertEquals(
        "{deploy:read}",
        Sql.row("SELECT scopes::text AS s FROM service_accounts WHERE client_id = ?", id).get("s"));
  }

  @Test
  void signetAdminCanGrantOrdinaryAndSignetAdminScopes() {
    String id = unique("root-made");
    create(signetAdmin(), id, "[\"deploy:write\",\"signet:keys:admin\"]")
        .then()
        .statusCode(201)
        .body("account.scopes[1]", equalTo("signet:keys:admin"));
  }

  @Test
  void accountsAdminCannotTakeOverAnAccountAboveItsCeiling() {
    String id = unique("other-admin");
    create(signetAdmin(), id, "[\"signet:admin\"]").then().statusCode(201);
    String mallory = accountsAdmin();
    for (String[] call :
        new String[][] {
          {"POST", "/rotate-secret"}, {"POST", "/disable"}, {"DELETE", ""}, {"PATCH", ""}
        }) {
      var r = given().auth().oauth2(mallory);
      if (call[0].equals("PATCH")) {
        r = r.contentType("application/json").body("{\"scopes\":[]}");
      }
      r.request(call[0], "/v1/service-accounts/" + id + call[1])
          .then()
          .statusCode(403)
          .contentType("application/problem+json")
          .body("detail", containsString("signet:admin"));
    }
    Map<String, Object> row =
        Sql.row("SELECT status, scopes::text AS s FROM service_accounts WHERE client_id = ?", id);
    assertEquals("active", row.get("status"));
    assertEquals("{signet:admin}", row.get("s"));
  }

  @Test
  void bootstrapAccountIsReadOnly() throws Exception {
    assertReadOnly("signet-bootstrap-test", "bootstrap-secret-for-tests-only", "signet:admin");
  }

  @Test
  void internalAccountsAreReadOnly() throws Exception {
    assertReadOnly("signet-token", "token-internal-secret-for-tests-only", "signet:internal");
  }

  /** Even signet:admin changes nothing on a configured account, whatever it tries. */
  private void assertReadOnly(String clientId, String secret, String scope) throws Exception {
    for (String bearer : new String[] {accountsAdmin(), signetAdmin()}) {
      for (String[] call :
          new String[][] {
            {"POST", "/rotate-secret", null},
            {"POST", "/rotate-secret", "{\"compromised\":true}"},
            {"POST", "/disable", null},
            {"POST", "/enable", null},
            {"DELETE", "", null},
            {"PATCH", "", "{\"name\":\"mine now\"}"}
          }) {
        var r = given().auth().oauth2(bearer);
        if (call[2] != null) {
          r = r.contentType("application/json").body(call[2]);
        }
        r.request(call[0], "/v1/service-accounts/" + clientId + call[1])
            .then()
            .statusCode(403)
            .contentType("application/problem+json")
            .body("detail", containsString("managed by configuration"));
      }
    }
    Map<String, Object> row =
        Sql.row(
            "SELECT status, name, scopes, secret_hash, secret_hash_version,"
                + " previous_secret_hash FROM service_accounts WHERE client_id = ?",
            clientId);
    assertEquals("active", row.get("status"));
    assertArrayEquals(new String[] {scope}, (String[]) ((Array) row.get("scopes")).getArray());
    assertTrue(
        hasher.matches(
            secret, (byte[]) row.get("secret_hash"), (Integer) row.get("secret_hash_version")));
    assertEquals(null, row.get("previous_secret_hash"));
  }
}
