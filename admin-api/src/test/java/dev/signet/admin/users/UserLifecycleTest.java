package dev.signet.admin.users;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.admin.AuditDeliveryProxy;
import dev.signet.admin.FakeTokenService;
import dev.signet.admin.Sql;
import dev.signet.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * People through {@code /v1/users} (issue 17, item 1): create, list, get, change, disable, enable,
 * revoke, soft delete. Every change that must end what a person holds bumps user_ver and has
 * token-service revoke their subject first; without token-service nothing changes.
 */
@QuarkusTest
class UserLifecycleTest {

  @Inject TestTokens tokens;

  @BeforeEach
  void tokenServiceReachable() {
    AuditDeliveryProxy.reachable();
  }

  private String admin() {
    return tokens.bearer("carol", "signet:admin");
  }

  static String address(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@Example.COM";
  }

  private String create(String email, String rolesJson) {
    return given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"email\":\"" + email + "\",\"display_name\":\"Ada\",\"roles\":" + rolesJson + "}")
        .post("/v1/users")
        .then()
        .statusCode(201)
        .header("Location", notNullValue())
        .body("status", equalTo("invited"))
        .body("user_ver", equalTo(1))
        .body("email_verified_at", nullValue())
        .body("created_by", equalTo("carol"))
        .extract()
        .path("id");
  }

  private static Map<String, Object> row(String id) {
    return Sql.row("SELECT * FROM users WHERE id = ?::uuid", id);
  }

  private static long events(String type, String id) {
    return Sql.count(
        "SELECT count(*) FROM outbox WHERE event_type = ? AND payload->>'target' = ?"
            + " AND payload->>'actor' = 'carol'",
        type,
        id);
  }

  @Test
  void createStoresTheAddressWithALowerCaseDomainAndRefusesADuplicate() {
    String email = address("ada");
    String id = create(email, "[\"developer\",\"developer\"]");
    String stored = (String) row(id).get("email");
    assertEquals(email.substring(0, email.indexOf('@')) + "@example.com", stored);
    given()
        .auth()
        .oauth2(admin())
        .get("/v1/users/" + id)
        .then()
        .statusCode(200)
        .body("email", equalTo(stored))
        .body("roles", equalTo(List.of("developer")));
    assertEquals(1, events("admin.user.created", id));
    // The same address in another case is the same person.
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"email\":\"" + stored.toUpperCase(java.util.Locale.ROOT) + "\"}")
        .post("/v1/users")
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
  }

  @Test
  void roleChangeBumpsUserVerAndRevokesButARenameDoesNot() {
    String id = create(address("roles"), "[\"developer\"]");
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"display_name\":\"Ada King\"}")
        .patch("/v1/users/" + id)
        .then()
        .statusCode(200)
        .body("display_name", equalTo("Ada King"))
        .body("user_ver", equalTo(1));
    assertEquals(0, FakeTokenService.revocationsOfSubject(id).size());
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"roles\":[\"developer\",\"oncall\"]}")
        .patch("/v1/users/" + id)
        .then()
        .statusCode(200)
        .body("roles", equalTo(List.of("developer", "oncall")))
        .body("user_ver", equalTo(2));
    List<Map<String, Object>> revocations = FakeTokenService.revocationsOfSubject(id);
    assertEquals(1, revocations.size());
    assertEquals("roles_changed", revocations.get(0).get("reason"));
    assertEquals("carol", revocations.get(0).get("actor"));
    // The same roles again change nothing that must be revoked.
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"roles\":[\"oncall\",\"developer\"]}")
        .patch("/v1/users/" + id)
        .then()
        .statusCode(200)
        .body("user_ver", equalTo(2));
    assertEquals(1, FakeTokenService.revocationsOfSubject(id).size());
  }

  @Test
  void disableEnableRevokeAndDelete() {
    String id = create(address("life"), "[]");
    given()
        .auth()
        .oauth2(admin())
        .post("/v1/users/" + id + "/disable")
        .then()
        .statusCode(200)
        .body("status", equalTo("disabled"))
        .body("user_ver", equalTo(2));
    assertEquals(1, events("admin.user.disabled", id));
    given()
        .auth()
        .oauth2(admin())
        .post("/v1/users/" + id + "/enable")
        .then()
        .statusCode(200)
        .body("status", equalTo("invited"))
        .body("user_ver", equalTo(2));
    given()
        .auth()
        .oauth2(admin())
        .post("/v1/users/" + id + "/revoke-tokens")
        .then()
        .statusCode(200)
        .body("user_ver", equalTo(3));
    assertEquals(1, events("admin.user.tokens_revoked", id));
    given().auth().oauth2(admin()).delete("/v1/users/" + id).then().statusCode(204);
    assertEquals(
        List.of("disabled", "revoked_by_admin", "deleted"),
        FakeTokenService.revocationsOfSubject(id).stream().map(r -> r.get("reason")).toList());
    Map<String, Object> r = row(id);
    assertEquals("deleted", r.get("status"));
    assertEquals(4L, r.get("user_ver"));
    given()
        .auth()
        .oauth2(admin())
        .get("/v1/users/" + id)
        .then()
        .statusCode(200)
        .body("status", equalTo("deleted"))
        .body("deleted_at", notNullValue());
    // A deleted person can't be changed, and is listed only when asked for.
    for (String path : List.of("/disable", "/enable", "/revoke-tokens")) {
      given()
          .auth()
          .oauth2(admin())
          .post("/v1/users/" + id + path)
          .then()
          .statusCode(409)
          .contentType("application/problem+json");
    }
    given()
        .auth()
        .oauth2(admin())
        .queryParam("limit", 200)
        .get("/v1/users")
        .then()
        .statusCode(200)
        .body("items.id", not(hasItem(id)));
    given()
        .auth()
        .oauth2(admin())
        .queryParam("status", "deleted")
        .queryParam("email", "life-")
        .queryParam("limit", 200)
        .get("/v1/users")
        .then()
        .statusCode(200)
        .body("items.id", hasItem(id));
  }

  @Test
  void aDeletedAddressMayBeUsedAgain() {
    String email = address("again");
    String first = create(email, "[]");
    given().auth().oauth2(admin()).delete("/v1/users/" + first).then().statusCode(204);
    String second = create(email, "[]");
    assertEquals(false, first.equals(second));
  }

  @Test
  void withoutTokenServiceNothingChanges() {
    String id = create(address("down"), "[\"developer\"]");
    FakeTokenService.FAILING_REVOCATIONS.add(id);
    try {
      for (String[] call :
          new String[][] {
            {"POST", "/disable", null},
            {"POST", "/revoke-tokens", null},
            {"DELETE", "", null},
            {"PATCH", "", "{\"roles\":[]}"}
          }) {
        var request = given().auth().oauth2(admin());
        if (call[2] != null) {
          request = request.contentType("application/json").body(call[2]);
        }
        request
            .request(call[0], "/v1/users/" + id + call[1])
            .then()
            .statusCode(503)
            .contentType("application/problem+json")
            .header("Retry-After", notNullValue());
      }
    } finally {
      FakeTokenService.FAILING_REVOCATIONS.remove(id);
    }
    Map<String, Object> r = row(id);
    assertEquals("invited", r.get("status"));
    assertEquals(1L, r.get("user_ver"));
    assertEquals(
        0,
        Sql.count(
            "SELECT count(*) FROM outbox WHERE payload->>'target' = ?"
                + " AND event_type <> 'admin.user.created'",
            id));
  }

  @Test
  void listPagesWithACursorAndFiltersByRole() {
    String role = "pager" + UUID.randomUUID().toString().substring(0, 6);
    List<String> ids =
        List.of(
            create(address("page"), "[\"" + role + "\"]"),
            create(address("page"), "[\"" + role + "\"]"),
            create(address("page"), "[\"" + role + "\"]"));
    String cursor =
        given()
            .auth()
            .oauth2(admin())
            .queryParam("role", role)
            .queryParam("limit", 2)
            .get("/v1/users")
            .then()
            .statusCode(200)
            .body("items.id", equalTo(ids.subList(0, 2)))
            .extract()
            .path("next_cursor");
    given()
        .auth()
        .oauth2(admin())
        .queryParam("role", role)
        .queryParam("limit", 2)
        .queryParam("cursor", cursor)
        .get("/v1/users")
        .then()
        .statusCode(200)
        .body("items.id", equalTo(ids.subList(2, 3)))
        .body("next_cursor", nullValue());
  }
}
