package dev.signet.token.policy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TokenPolicyResourceTest {

  @Inject TestTokens tokens;

  private static Map<String, Object> policy(long accessTtl, int grace) {
    return Map.of(
        "access_token_ttl_seconds", accessTtl,
        "refresh_token_ttl_seconds", 604_800,
        "agent_token_ttl_seconds", 86_400,
        "audience_token_ttl_seconds", 300,
        "refresh_reuse_grace_seconds", grace,
        "clock_skew_seconds", 30);
  }

  private Fixtures.SavedPolicy saved;

  @BeforeEach
  void savePolicy() {
    saved = Fixtures.savePolicy();
  }

  @AfterEach
  void restorePolicy() {
    saved.restore();
  }

  @Test
  void readerSeesThePolicy() {
    given()
        .auth()
        .oauth2(tokens.bearer(Fixtures.activeAccount("auditor"), "signet:tokens:read"))
        .when()
        .get("/v1/token-policy")
        .then()
        .statusCode(200)
        .body("access_token_ttl_seconds", equalTo(900))
        .body("refresh_token_ttl_seconds", equalTo(604800))
        .body("refresh_reuse_grace_seconds", equalTo(0));
  }

  @Test
  void adminChangesLifetimesAndNewTokensFollow() {
    given()
        .auth()
        .oauth2(tokens.bearer(Fixtures.activeAccount("alice"), "signet:admin"))
        .contentType("application/json")
        .body(policy(600, 2))
        .when()
        .put("/v1/token-policy")
        .then()
        .statusCode(200)
        .body("access_token_ttl_seconds", equalTo(600))
        .body("refresh_reuse_grace_seconds", equalTo(2))
        .body("updated_by", equalTo("alice"));
    tokens.ensureActiveKey();
    Fixtures.account().create().token().then().statusCode(200).body("expires_in", equalTo(600));
    assertEquals(
        1,
        Fixtures.column(
                "SELECT event_id::text FROM outbox WHERE event_type = 'token_policy.updated'"
                    + " AND "
                    + Fixtures.EVENT
                    + "->>'actor' = 'alice'")
            .size());
  }

  @Test
  void outOfBoundsValuesAreRefusedWithFieldErrors() {
    given()
        .auth()
        .oauth2(tokens.bearer(Fixtures.activeAccount("alice"), "signet:tokens:admin"))
        .contentType("application/json")
        .body(policy(5, 60))
        .when()
        .put("/v1/token-policy")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        // The JSON names the client sent, not the Java ones.
        .body("errors.size()", equalTo(2))
        .body(
            "errors.field",
            containsInAnyOrder("access_token_ttl_seconds", "refresh_reuse_grace_seconds"));
  }

  @Test
  void anonymousIs401AndReaderCannotWrite() {
    given().when().get("/v1/token-policy").then().statusCode(401);
    given()
        .auth()
        .oauth2(tokens.bearer(Fixtures.activeAccount("auditor"), "signet:tokens:read"))
        .contentType("application/json")
        .body(policy(600, 0))
        .when()
        .put("/v1/token-policy")
        .then()
        .statusCode(403);
    given()
        .auth()
        .oauth2(tokens.bearer(Fixtures.activeAccount("svc"), "signet:internal"))
        .when()
        .get("/v1/token-policy")
        .then()
        .statusCode(403);
  }
}
