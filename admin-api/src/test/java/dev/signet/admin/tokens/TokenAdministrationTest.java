package dev.signet.admin.tokens;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.admin.FakeTokenService;
import dev.signet.admin.Sql;
import dev.signet.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Token administration goes to token-service's internal API (here FakeTokenService, a real HTTP
 * server speaking that contract) and is audited with the acting admin.
 */
@QuarkusTest
class TokenAdministrationTest {

  @Inject TestTokens tokens;

  private String admin() {
    return tokens.bearer("carol", "signet:tokens:admin");
  }

  @Test
  void listsFamiliesOfAUserWithStatus() {
    String user = "user:" + UUID.randomUUID();
    UUID family = FakeTokenService.family("cli", user);
    given()
        .auth()
        .oauth2(admin())
        .queryParam("subject", user)
        .get("/v1/tokens/families")
        .then()
        .statusCode(200)
        .body("items.family_id", contains(family.toString()))
        .body("items[0].status", equalTo("active"))
        .body("items[0].rotation_count", equalTo(2));
  }

  @Test
  void revokingAFamilyReachesTokenServiceWithTheActorAndIsAudited() {
    String user = "user:" + UUID.randomUUID();
    UUID family = FakeTokenService.family("cli", user);
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"reason\":\"laptop stolen\"}")
        .post("/v1/tokens/families/" + family + "/revoke")
        .then()
        .statusCode(200)
        .body("family_id", equalTo(family.toString()))
        .body("revoked_tokens", equalTo(1));
    assertEquals("revoked", FakeTokenService.FAMILIES.get(family).get("status"));
    FakeTokenService.Received call =
        FakeTokenService.RECEIVED.stream()
            .filter(r -> r.path().equals("/families/" + family + "/revoke"))
            .findFirst()
            .orElseThrow();
    assertEquals(Map.of("reason", "laptop stolen", "actor", "carol"), call.body());
    assertEquals(
        1,
        Sql.count(
            "SELECT count(*) FROM outbox WHERE event_type = 'admin.token.family_revoked'"
                + " AND payload->>'target' = ? AND payload->>'actor' = 'carol'"
                + " AND payload->>'outcome' = 'success'",
            family.toString()));
  }

  @Test
  void revokingEverythingOfAClientRevokesEachFamily() {
    String client = "client-" + UUID.randomUUID();
    FakeTokenService.family(client, "user:a");
    FakeTokenService.family(client, "user:b");
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"client_id\":\"" + client + "\",\"reason\":\"secret leaked\"}")
        .post("/v1/tokens/revocations")
        .then()
        .statusCode(200)
        .body("client_id", equalTo(client))
        .body("revoked_families", equalTo(2));
    assertEquals(
        1,
        Sql.count(
            "SELECT count(*) FROM outbox WHERE event_type = 'admin.token.client_revoked'"
                + " AND payload->>'target' = ? AND payload->>'actor' = 'carol'",
            client));
  }

  @Test
  void looksATokenUpByJti() {
    String jti = UUID.randomUUID().toString();
    FakeTokenService.TOKENS.put(
        jti,
        Map.of(
            "jti", jti,
            "token_type", "access_token",
            "client_id", "cli",
            "subject", "user:a",
            "status", "revoked",
            "revoke_reason", "admin"));
    given()
        .auth()
        .oauth2(admin())
        .get("/v1/tokens/" + jti)
        .then()
        .statusCode(200)
        .body("jti", equalTo(jti))
        .body("status", equalTo("revoked"))
        .body("token_type", equalTo("access_token"));
    given()
        .auth()
        .oauth2(admin())
        .get("/v1/tokens/" + UUID.randomUUID())
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }

  @Test
  void unknownFamilyIs404AndAuditedAsDenied() {
    UUID family = UUID.randomUUID();
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{}")
        .post("/v1/tokens/families/" + family + "/revoke")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    assertEquals(
        1,
        Sql.count(
            "SELECT count(*) FROM outbox WHERE event_type = 'admin.token.family_revoked'"
                + " AND payload->>'target' = ? AND payload->>'outcome' = 'denied'",
            family.toString()));
  }

  @Test
  void tokenServiceFailureIs503ProblemJson() {
    given()
        .auth()
        .oauth2(admin())
        .queryParam("subject", "explode")
        .get("/v1/tokens/families")
        .then()
        .statusCode(503)
        .contentType("application/problem+json");
  }

  @Test
  void badInputAnswersProblemJson() {
    given()
        .auth()
        .oauth2(admin())
        .get("/v1/tokens/families")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(admin())
        .queryParam("client_id", "a")
        .queryParam("subject", "b")
        .get("/v1/tokens/families")
        .then()
        .statusCode(400);
    given()
        .auth()
        .oauth2(admin())
        .queryParam("client_id", "a")
        .queryParam("status", "weird")
        .get("/v1/tokens/families")
        .then()
        .statusCode(400);
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{}")
        .post("/v1/tokens/families/not-a-uuid/revoke")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{\"client_id\":\"a\",\"subject\":\"b\"}")
        .post("/v1/tokens/revocations")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body("{}")
        .post("/v1/tokens/revocations")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }
}
