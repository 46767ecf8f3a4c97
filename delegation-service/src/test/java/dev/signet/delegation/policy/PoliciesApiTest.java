package dev.signet.delegation.policy;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.common.testing.Eventually;
import dev.signet.common.testing.TestTokens;
import dev.signet.delegation.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/policies}: CRUD with audit, invalid CEL refused with its position, bad targets, auth,
 * and the compiled set dropped by another replica's change notification.
 */
@QuarkusTest
class PoliciesApiTest {

  @Inject TestTokens tokens;
  @Inject PolicyCache cache;

  private Api api;
  private final String p = "p" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void setUp() {
    api = new Api(tokens);
  }

  static Map<String, Object> policy(
      String name, String effect, List<String> subjects, List<String> actions, String condition) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", name);
    body.put("effect", effect);
    body.put("subjects", subjects);
    body.put("actions", actions);
    body.put("resources", List.of());
    if (condition != null) {
      body.put("condition", condition);
    }
    return body;
  }

  @Test
  void createReadReplaceDeleteAreAudited() {
    String id =
        api.admin()
            .body(policy(p, "allow", List.of("alice"), List.of("read"), "subject.level > 1"))
            .post("/v1/policies")
            .then()
            .statusCode(201)
            .body("effect", equalTo("allow"))
            .body("condition", equalTo("subject.level > 1"))
            .extract()
            .path("id");
    api.reader().get("/v1/policies/" + id).then().statusCode(200).body("name", equalTo(p));
    api.reader().get("/v1/policies").then().statusCode(200).body("name", hasItem(p));
    api.admin()
        .body(policy(p, "deny", List.of("**"), List.of(p), null))
        .put("/v1/policies/" + id)
        .then()
        .statusCode(200)
        .body("effect", equalTo("deny"))
        .body("condition", nullValue());
    api.admin().delete("/v1/policies/" + id).then().statusCode(204);
    api.reader().get("/v1/policies/" + id).then().statusCode(404);
    api.admin().delete("/v1/policies/" + id).then().statusCode(404);
    assertEquals(1, Api.auditEvents("policy.created", id));
    assertEquals(1, Api.auditEvents("policy.updated", id));
    assertEquals(1, Api.auditEvents("policy.deleted", id));
  }

  @Test
  void conditionThatDoesNotCompileIs400WithItsPositionAndStoresNothing() {
    api.admin()
        .body(policy(p, "allow", List.of(), List.of(p), "subject.level >"))
        .post("/v1/policies")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("detail", containsString("line 1, column"));
    api.admin()
        .body(policy(p, "allow", List.of(), List.of(p), "subject.id == 'a' &&\n unknown_var"))
        .post("/v1/policies")
        .then()
        .statusCode(400)
        .body("detail", containsString("line 2, column 2"))
        .body("detail", containsString("unknown_var"));
    api.admin()
        .body(policy(p, "allow", List.of(), List.of(p), "1 + 1"))
        .post("/v1/policies")
        .then()
        .statusCode(400)
        .body("detail", containsString("bool"));
    assertEquals(0, Api.count("SELECT count(*) FROM policies WHERE name = ?", p));
  }

  @Test
  void badBodiesAre400() {
    api.admin()
        .body(policy(p, "maybe", List.of(), List.of(p), null))
        .post("/v1/policies")
        .then()
        .statusCode(400);
    api.admin()
        .body(policy(p, "allow", List.of("a***b"), List.of(p), null))
        .post("/v1/policies")
        .then()
        .statusCode(400)
        .body("detail", containsString("subjects"));
    api.admin()
        .body(policy("nul\u0000" + p, "allow", List.of(), List.of(p), null))
        .post("/v1/policies")
        .then()
        .statusCode(400);
    api.admin()
        .body(policy(p, "allow", List.of("x".repeat(300)), List.of(p), null))
        .post("/v1/policies")
        .then()
        .statusCode(400);
    api.admin()
        .body(policy(p, "allow", List.of(), List.of(p), "true && ".repeat(700) + "true"))
        .post("/v1/policies")
        .then()
        .statusCode(400);
    api.admin().body("{\"name\": 12}").post("/v1/policies").then().statusCode(400);
    api.admin()
        .body(policy(p, "allow", List.of(), List.of(p), null))
        .put("/v1/policies/not-a-uuid")
        .then()
        .statusCode(404);
  }

  @Test
  void duplicateNameIs409() {
    api.admin()
        .body(policy(p, "allow", List.of(), List.of(p), null))
        .post("/v1/policies")
        .then()
        .statusCode(201);
    api.admin()
        .body(policy(p, "deny", List.of(), List.of(p), null))
        .post("/v1/policies")
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
  }

  @Test
  void readersCannotWriteAndOthersCannotRead() {
    api.reader()
        .body(policy(p, "allow", List.of(), List.of(p), null))
        .post("/v1/policies")
        .then()
        .statusCode(403);
    api.as("bob", "signet:keys:admin").get("/v1/policies").then().statusCode(403);
    io.restassured.RestAssured.given().get("/v1/policies").then().statusCode(401);
  }

  @Test
  void anotherReplicasChangeDropsTheCompiledSet() {
    PolicySet before = cache.current().await().atMost(Duration.ofSeconds(10));
    Eventually.until(
        Duration.ofSeconds(20),
        "the NOTIFY from another connection dropped the compiled set",
        () -> {
          Api.execute("SELECT pg_notify(?, ?)", PolicyCache.CHANNEL, "other-replica");
          return cache.current().await().atMost(Duration.ofSeconds(10)) != before;
        });
  }
}
