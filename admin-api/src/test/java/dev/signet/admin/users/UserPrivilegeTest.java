package dev.signet.admin.users;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.admin.AuditDeliveryProxy;
import dev.signet.admin.Sql;
import dev.signet.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who may do what at {@code /v1/users}: signet:users:admin manages people but never grants, takes
 * or touches the admin role; signet:users:read only reads; other scopes get nothing.
 */
@QuarkusTest
class UserPrivilegeTest {

  @Inject TestTokens tokens;

  @BeforeEach
  void tokenServiceReachable() {
    AuditDeliveryProxy.reachable();
  }

  private String usersAdmin() {
    return tokens.bearer("mallory", "signet:users:admin");
  }

  private String signetAdmin() {
    return tokens.bearer("root", "signet:admin");
  }

  private static String create(String bearer, String rolesJson, int status) {
    return given()
        .auth()
        .oauth2(bearer)
        .contentType("application/json")
        .body("{\"email\":\"" + UserLifecycleTest.address("p") + "\",\"roles\":" + rolesJson + "}")
        .post("/v1/users")
        .then()
        .statusCode(status)
        .extract()
        .path(status == 201 ? "id" : "errors[0].field");
  }

  @Test
  void onlyASignetAdminGrantsTheAdminRole() {
    assertEquals("roles[1]", create(usersAdmin(), "[\"developer\",\"admin\"]", 403));
    String plain = create(usersAdmin(), "[\"developer\"]", 201);
    given()
        .auth()
        .oauth2(usersAdmin())
        .contentType("application/json")
        .body("{\"roles\":[\"admin\"]}")
        .patch("/v1/users/" + plain)
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
    assertEquals(
        "{developer}",
        Sql.row("SELECT roles::text r FROM users WHERE id = ?::uuid", plain).get("r"));
    create(signetAdmin(), "[\"admin\"]", 201);
  }

  @Test
  void aUsersAdminCannotTouchAnAdmin() {
    String admin = create(signetAdmin(), "[\"admin\"]", 201);
    for (String[] call :
        new String[][] {
          {"POST", "/disable", null},
          {"POST", "/revoke-tokens", null},
          {"DELETE", "", null},
          {"PATCH", "", "{\"roles\":[]}"},
          {"PATCH", "", "{\"display_name\":\"pwned\"}"}
        }) {
      var request = given().auth().oauth2(usersAdmin());
      if (call[2] != null) {
        request = request.contentType("application/json").body(call[2]);
      }
      request
          .request(call[0], "/v1/users/" + admin + call[1])
          .then()
          .statusCode(403)
          .contentType("application/problem+json");
    }
    var row =
        Sql.row("SELECT status, user_ver, roles::text r FROM users WHERE id = ?::uuid", admin);
    assertEquals("invited", row.get("status"));
    assertEquals(1L, row.get("user_ver"));
    assertEquals("{admin}", row.get("r"));
    given()
        .auth()
        .oauth2(signetAdmin())
        .post("/v1/users/" + admin + "/disable")
        .then()
        .statusCode(200)
        .body("status", equalTo("disabled"));
  }

  @Test
  void readersReadAndOthersGetNothing() {
    String id = create(signetAdmin(), "[]", 201);
    String reader = tokens.bearer("rita", "signet:users:read");
    given().auth().oauth2(reader).get("/v1/users/" + id).then().statusCode(200);
    given().auth().oauth2(reader).get("/v1/users").then().statusCode(200);
    create(reader, "[]", 403);
    given().auth().oauth2(reader).post("/v1/users/" + id + "/disable").then().statusCode(403);
    String other = tokens.bearer("otto", "signet:accounts:admin");
    given().auth().oauth2(other).get("/v1/users").then().statusCode(403);
    given().get("/v1/users").then().statusCode(401);
  }
}
