package dev.signet.delegation.scopes;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.common.testing.PostgresTestResource;
import dev.signet.common.testing.TestTokens;
import dev.signet.delegation.DelegationScopes;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /v1/scopes}: implied scopes, expansion, cycles refused by name, bad input, auth. */
@QuarkusTest
class ScopesApiTest {

  @Inject TestTokens tokens;

  private final String p = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";

  @Test
  void putCreatesThenReplacesAndGetShowsDirectImplications() {
    admin().body(body(List.of())).put("/v1/scopes/" + p + "read").then().statusCode(201);
    admin()
        .body(Map.of("description", "write", "sensitive", true, "implies", List.of(p + "read")))
        .put("/v1/scopes/" + p + "write")
        .then()
        .statusCode(201)
        .body("implies", contains(p + "read"))
        .body("sensitive", equalTo(true))
        .body("created_at", containsString("T"));
    admin()
        .body(Map.of("description", "changed", "implies", List.of(p + "read")))
        .put("/v1/scopes/" + p + "write")
        .then()
        .statusCode(200)
        .body("description", equalTo("changed"))
        .body("sensitive", equalTo(false));
    reader()
        .get("/v1/scopes/" + p + "write")
        .then()
        .statusCode(200)
        .body("name", equalTo(p + "write"));
    reader().get("/v1/scopes").then().statusCode(200).body("name", hasItem(p + "write"));
    assertEquals(1, auditEvents("scope.created", p + "write"));
    assertEquals(1, auditEvents("scope.updated", p + "write"));
  }

  @Test
  void expandFollowsImplicationsTransitivelyAndSortsByName() {
    chain(p + "c", p + "b", p + "a");
    reader()
        .body(Map.of("scopes", List.of(p + "c")))
        .post("/v1/scopes/expand")
        .then()
        .statusCode(200)
        .body("scopes", contains(p + "a", p + "b", p + "c"));
    reader()
        .body(Map.of("scopes", List.of(p + "b", p + "unknown")))
        .post("/v1/scopes/expand")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString(p + "unknown"));
  }

  @Test
  void writeThatClosesACycleIs409NamingItAndChangesNothing() {
    chain(p + "c", p + "b", p + "a");
    admin()
        .body(body(List.of(p + "c")))
        .put("/v1/scopes/" + p + "a")
        .then()
        .statusCode(409)
        .contentType("application/problem+json")
        .body("detail", containsString(p + "a -> " + p + "c -> " + p + "b -> " + p + "a"));
    reader().get("/v1/scopes/" + p + "a").then().body("implies.size()", equalTo(0));
    admin()
        .body(body(List.of(p + "a")))
        .put("/v1/scopes/" + p + "a")
        .then()
        .statusCode(409)
        .body("detail", containsString(p + "a -> " + p + "a"));
  }

  @Test
  void unknownImpliedScopeIs400AndCreatesNothing() {
    admin()
        .body(body(List.of(p + "missing")))
        .put("/v1/scopes/" + p + "x")
        .then()
        .statusCode(400)
        .body("detail", containsString(p + "missing"));
    reader().get("/v1/scopes/" + p + "x").then().statusCode(404);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "with%00nul",
        "with%07bell",
        "%D1%81yrillic-c",
        "space%20d",
        "-leading-dash",
        "loooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooooong"
      })
  void badNamesAre400ProblemJson(String name) {
    admin()
        .urlEncodingEnabled(false)
        .body(body(List.of()))
        .put("/v1/scopes/" + name)
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void badImpliedNamesAndControlCharactersInDescriptionAre400() {
    admin()
        .body(body(List.of("bad\u0000name")))
        .put("/v1/scopes/" + p + "y")
        .then()
        .statusCode(400);
    admin()
        .body(Map.of("description", "bell\u0007"))
        .put("/v1/scopes/" + p + "y")
        .then()
        .statusCode(400);
    admin().body("{\"implies\": 12}").put("/v1/scopes/" + p + "y").then().statusCode(400);
    reader().get("/v1/scopes/" + p + "y").then().statusCode(404);
  }

  @Test
  void deleteIsRefusedWhileImpliedThenSucceeds() {
    chain(p + "b", p + "a");
    admin()
        .delete("/v1/scopes/" + p + "a")
        .then()
        .statusCode(409)
        .body("detail", containsString(p + "b"));
    admin().delete("/v1/scopes/" + p + "b").then().statusCode(204);
    admin().delete("/v1/scopes/" + p + "a").then().statusCode(204);
    admin().delete("/v1/scopes/" + p + "a").then().statusCode(404);
    assertEquals(1, auditEvents("scope.deleted", p + "a"));
  }

  @Test
  void readScopeCannotWriteAndOtherAudiencesAreRefused() {
    reader().body(body(List.of())).put("/v1/scopes/" + p + "r").then().statusCode(403);
    given().get("/v1/scopes").then().statusCode(401);
    given()
        .auth()
        .oauth2(tokens.bearer("bob", "signet:keys:admin"))
        .get("/v1/scopes")
        .then()
        .statusCode(403);
    JwtClaims elsewhere = tokens.claims("eve", DelegationScopes.ADMIN);
    elsewhere.setAudience("urn:signet:token");
    given().auth().oauth2(tokens.sign(elsewhere)).get("/v1/scopes").then().statusCode(401);
    given()
        .auth()
        .oauth2(tokens.bearer("root", "signet:admin"))
        .get("/v1/scopes")
        .then()
        .statusCode(200);
  }

  /** Creates the scopes so that each implies the next ({@code chain(c, b, a)}: c -> b -> a). */
  private void chain(String... names) {
    for (int i = names.length - 1; i >= 0; i--) {
      List<String> implies = i + 1 < names.length ? List.of(names[i + 1]) : List.of();
      admin().body(body(implies)).put("/v1/scopes/" + names[i]).then().statusCode(201);
    }
  }

  private static Map<String, Object> body(List<String> implies) {
    return Map.of("implies", implies);
  }

  private RequestSpecification admin() {
    return given()
        .auth()
        .oauth2(tokens.bearer("alice", DelegationScopes.ADMIN))
        .contentType(ContentType.JSON);
  }

  private RequestSpecification reader() {
    return given()
        .auth()
        .oauth2(tokens.bearer("carol", DelegationScopes.READ))
        .contentType(ContentType.JSON);
  }

  static int auditEvents(String type, String target) {
    try (Connection c = PostgresTestResource.pooledConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT count(*) FROM outbox WHERE event_type = ? AND payload::text LIKE ?")) {
      q.setString(1, type);
      q.setString(2, "%\"" + target + "\"%");
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
