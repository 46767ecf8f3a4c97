package dev.signet.admin.users;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.admin.AuditDeliveryProxy;
import dev.signet.admin.Sql;
import dev.signet.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile values at {@code /v1/users}: each is a 400 problem+json naming the field, nothing is
 * stored, and none is a 500.
 */
@QuarkusTest
class UserHostileInputTest {

  @Inject TestTokens tokens;

  @BeforeEach
  void tokenServiceReachable() {
    AuditDeliveryProxy.reachable();
  }

  private String admin() {
    return tokens.bearer("carol", "signet:admin");
  }

  private static String json(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private void refused(String body, String field) {
    long before = Sql.count("SELECT count(*) FROM users");
    var answer =
        given()
            .auth()
            .oauth2(admin())
            .contentType("application/json")
            .body(body)
            .post("/v1/users")
            .then()
            .statusCode(400)
            .contentType("application/problem+json")
            .extract()
            .jsonPath();
    // Bad values are named in errors[]; NUL and control characters are refused while the JSON
    // is parsed, and that detail names the field instead.
    String named = answer.getString("errors[0].field");
    assertTrue(
        field.equals(named)
            || answer.getString("detail").contains("'" + field.replace("[", ".[") + "'"),
        body + " -> " + answer.prettify());
    assertEquals(before, Sql.count("SELECT count(*) FROM users"), "nothing stored for " + body);
  }

  @Test
  void badAddressesAreRefusedNamingTheField() {
    for (String email :
        List.of(
            "",
            "   ",
            "no-at-sign",
            "two@@example.com",
            "a@b@example.com",
            "@example.com",
            "ada@",
            "ada@localhost",
            "ada@-bad-.example",
            "ada..x@example.com",
            ".ada@example.com",
            "ada @example.com",
            "ada@exa mple.com",
            "ada\\u0000@example.com",
            "ada\\u0007@example.com",
            "ada\\n@example.com",
            "ad\\u0430@example.com",
            "ada@\\u0440aypal.com",
            "ada@b\\u00fccher.example",
            "\\u202eada@example.com",
            "a".repeat(65) + "@example.com",
            "ada@" + "a".repeat(250) + ".com",
            "x".repeat(10_000))) {
      refused("{\"email\":\"" + email + "\"}", "email");
    }
    refused("{}", "email");
    refused("{\"email\":null}", "email");
  }

  @Test
  void badRolesAndNamesAreRefused() {
    for (String roles :
        List.of(
            "[\"Admin\"]",
            "[\"\"]",
            "[null]",
            "[\"a b\"]",
            "[\"r\\u0000\"]",
            "[\"ro\\u0142e\"]",
            "[\"" + "r".repeat(64) + "\"]",
            "[\"1role\"]")) {
      refused(
          "{\"email\":" + json(UserLifecycleTest.address("r")) + ",\"roles\":" + roles + "}",
          "roles[0]");
    }
    StringBuilder many = new StringBuilder("[");
    for (int i = 0; i < 21; i++) {
      many.append(i == 0 ? "" : ",").append("\"r").append(i).append('"');
    }
    refused(
        "{\"email\":" + json(UserLifecycleTest.address("r")) + ",\"roles\":" + many + "]}",
        "roles");
    refused(
        "{\"email\":" + json(UserLifecycleTest.address("n")) + ",\"display_name\":\"a\\u0000b\"}",
        "display_name");
    refused(
        "{\"email\":"
            + json(UserLifecycleTest.address("n"))
            + ",\"display_name\":"
            + json("n".repeat(201))
            + "}",
        "display_name");
  }

  @Test
  void badIdsAndQueriesAre400s() {
    for (String id :
        List.of(
            "not-a-uuid",
            "1",
            "%27%20OR%201%3D1%20--",
            "%00",
            "%E2%80%AE",
            "..%2F..%2Fetc",
            "00000000-0000-0000-0000-00000000000g",
            "x".repeat(300))) {
      given()
          .auth()
          .oauth2(admin())
          .urlEncodingEnabled(false)
          .get("/v1/users/" + id)
          .then()
          .statusCode(400)
          .contentType("application/problem+json");
    }
    given()
        .auth()
        .oauth2(admin())
        .get("/v1/users/" + java.util.UUID.randomUUID())
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    for (String[] q :
        new String[][] {
          {"status", "gone"},
          {"limit", "0"},
          {"limit", "99999999999999999999"},
          {"cursor", "%%%"},
          {"role", "r\u0000"},
          {"email", "e".repeat(300)}
        }) {
      given()
          .auth()
          .oauth2(admin())
          .queryParam(q[0], q[1])
          .get("/v1/users")
          .then()
          .statusCode(400)
          .contentType("application/problem+json");
    }
  }
}
