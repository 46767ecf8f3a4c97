package dev.signet.token.federation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FederationTrustResourceTest {

  @Inject TestTokens tokens;

  static Map<String, Object> githubTrust(String name, String issuer) {
    Map<String, Object> rule = new HashMap<>();
    rule.put("name", "deploy");
    rule.put("subject", "repo:acme/api:ref:refs/heads/main");
    rule.put("claims", Map.of("repository_owner_id", List.of("1001")));
    rule.put("principal", "svc-deployer");
    rule.put("scopes", List.of("deploy:write"));
    rule.put("audiences", List.of("https://deploy.example"));
    rule.put("max_ttl_seconds", 600);
    Map<String, Object> trust = new HashMap<>();
    trust.put("name", name);
    trust.put("kind", "github_actions");
    trust.put("issuer", issuer);
    trust.put("audience", "signet-" + name);
    trust.put("rules", List.of(rule));
    return trust;
  }

  private String admin() {
    return tokens.bearer(Fixtures.activeAccount("trust-admin"), "signet:tokens:admin");
  }

  private String reader() {
    return tokens.bearer(Fixtures.activeAccount("trust-reader"), "signet:tokens:read");
  }

  private String create(Map<String, Object> body) {
    return given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body(body)
        .when()
        .post("/v1/federation/trusts")
        .then()
        .statusCode(201)
        .extract()
        .path("id");
  }

  private static String unique() {
    return "t" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void adminCreatesReadsReplacesAndDeletesATrustAndEachChangeIsAudited() {
    String name = unique();
    String id = create(githubTrust(name, "https://token.actions.githubusercontent.com"));
    given()
        .auth()
        .oauth2(reader())
        .when()
        .get("/v1/federation/trusts/" + id)
        .then()
        .statusCode(200)
        .body("name", equalTo(name))
        .body("kind", equalTo("github_actions"))
        .body("rules[0].name", equalTo("deploy"))
        .body("rules[0].max_ttl_seconds", equalTo(600))
        .body("created_by", equalTo("trust-admin"))
        .body("version", equalTo(0));
    given()
        .auth()
        .oauth2(reader())
        .when()
        .get("/v1/federation/trusts")
        .then()
        .statusCode(200)
        .body("name", hasItem(name));
    Map<String, Object> changed = githubTrust(name, "https://token.actions.githubusercontent.com");
    changed.put("enabled", false);
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body(changed)
        .when()
        .put("/v1/federation/trusts/" + id)
        .then()
        .statusCode(200)
        .body("enabled", equalTo(false))
        .body("version", equalTo(1));
    given()
        .auth()
        .oauth2(admin())
        .when()
        .delete("/v1/federation/trusts/" + id)
        .then()
        .statusCode(204);
    given()
        .auth()
        .oauth2(reader())
        .when()
        .get("/v1/federation/trusts/" + id)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    assertEquals(
        List.of("federation_trust.created", "federation_trust.updated", "federation_trust.deleted"),
        Fixtures.column(
            "SELECT event_type FROM outbox WHERE "
                + Fixtures.EVENT
                + "->>'target' = ? ORDER BY created_at, event_type = 'federation_trust.deleted'",
            "federation_trust/" + id));
  }

  @Test
  void anOrganisationWideWildcardWithoutTheOwnerIdIsRefusedNamingTheField() {
    Map<String, Object> trust =
        githubTrust(unique(), "https://token.actions.githubusercontent.com");
    @SuppressWarnings("unchecked")
    Map<String, Object> rule = (Map<String, Object>) ((List<?>) trust.get("rules")).get(0);
    rule.put("subject", "repo:acme/*:ref:refs/heads/main");
    rule.put("claims", Map.of());
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body(trust)
        .when()
        .post("/v1/federation/trusts")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors.field", hasItem("rules[0].claims.repository_owner_id"));
  }

  @Test
  void aWildcardAudienceAnUnknownKindAndAPlainHttpIssuerAreFieldErrors() {
    Map<String, Object> trust = githubTrust(unique(), "http://issuer.example");
    trust.put("audience", "*");
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body(trust)
        .when()
        .post("/v1/federation/trusts")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("audience"))
        .body("errors.field", hasItem("issuer"));
    Map<String, Object> badKind =
        githubTrust(unique(), "https://token.actions.githubusercontent.com");
    badKind.put("kind", "gitlab");
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body(badKind)
        .when()
        .post("/v1/federation/trusts")
        .then()
        .statusCode(400)
        .body("errors.field", hasItem("kind"));
  }

  @Test
  void hostileValuesAreRefusedAsBadRequests() {
    Map<String, Object> nul = githubTrust("bad\u0000name", "https://issuer.example");
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body(nul)
        .when()
        .post("/v1/federation/trusts")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    Map<String, Object> longName = githubTrust("x".repeat(5000), "https://issuer.example");
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body(longName)
        .when()
        .post("/v1/federation/trusts")
        .then()
        .statusCode(400);
    Map<String, Object> hugeTtl = githubTrust(unique(), "https://issuer.example");
    @SuppressWarnings("unchecked")
    Map<String, Object> rule = (Map<String, Object>) ((List<?>) hugeTtl.get("rules")).get(0);
    rule.put("max_ttl_seconds", new java.math.BigInteger("99999999999999999999999999"));
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body(hugeTtl)
        .when()
        .post("/v1/federation/trusts")
        .then()
        .statusCode(400);
    given()
        .auth()
        .oauth2(reader())
        .when()
        .get("/v1/federation/trusts/not-a-uuid")
        .then()
        .statusCode(404);
  }

  @Test
  void theSameIssuerAndAudienceTwiceIsAConflict() {
    Map<String, Object> first = githubTrust(unique(), "https://conflict.example");
    create(first);
    Map<String, Object> second = githubTrust(unique(), "https://conflict.example");
    second.put("audience", first.get("audience"));
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body(second)
        .when()
        .post("/v1/federation/trusts")
        .then()
        .statusCode(409)
        .contentType("application/problem+json");
  }

  @Test
  void onlyTokensAdminsWriteAndOnlySignetAdminsGrantSignetScopes() {
    given().when().get("/v1/federation/trusts").then().statusCode(401);
    given()
        .auth()
        .oauth2(reader())
        .contentType("application/json")
        .body(githubTrust(unique(), "https://issuer.example"))
        .when()
        .post("/v1/federation/trusts")
        .then()
        .statusCode(403);
    Map<String, Object> reserved = githubTrust(unique(), "https://issuer.example");
    @SuppressWarnings("unchecked")
    Map<String, Object> rule = (Map<String, Object>) ((List<?>) reserved.get("rules")).get(0);
    rule.put("scopes", List.of("signet:admin"));
    given()
        .auth()
        .oauth2(admin())
        .contentType("application/json")
        .body(reserved)
        .when()
        .post("/v1/federation/trusts")
        .then()
        .statusCode(403);
  }
}
