package dev.signet.delegation.agent;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.common.testing.TestTokens;
import dev.signet.delegation.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /v1/agents}: owner, client, limits within the parent agent's, counters, reputation. */
@QuarkusTest
class AgentsApiTest {

  @Inject TestTokens tokens;

  private Api api;
  private final String p = "a" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void setUp() {
    api = new Api(tokens);
    api.admin().body(Map.of()).put("/v1/scopes/" + p + ".read").then().statusCode(201);
    api.admin()
        .body(Map.of("implies", List.of(p + ".read")))
        .put("/v1/scopes/" + p + ".write")
        .then()
        .statusCode(201);
  }

  static Map<String, Object> agent(String name, List<String> scopes, String parentId) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", name);
    body.put("owner_type", "user");
    body.put("owner", "user:owner");
    body.put("client_id", "client-" + name);
    body.put("capabilities", List.of("code-review"));
    body.put("allowed_scopes", scopes);
    if (parentId != null) {
      body.put("parent_id", parentId);
    }
    return body;
  }

  @Test
  void createShowsCountersAndANeutralReputationThenOutcomesMoveIt() {
    String id =
        api.admin()
            .body(agent(p, List.of(p + ".write"), null))
            .post("/v1/agents")
            .then()
            .statusCode(201)
            .body("status", equalTo("active"))
            .body("issued", equalTo(0))
            .body("reputation", equalTo(0.5f))
            .body("client_id", equalTo("client-" + p))
            .extract()
            .path("id");
    api.internal()
        .body(Map.of("issued", 4, "succeeded", 3, "failed", 1))
        .post("/internal/v1/agents/" + id + "/outcomes")
        .then()
        .statusCode(200)
        .body("issued", equalTo(4))
        .body("reputation", equalTo(0.667f));
    api.reader().get("/v1/agents").then().statusCode(200).body("name", hasItem(p));
    api.admin()
        .body(Map.of("issued", -1, "succeeded", 0, "failed", 0))
        .post("/internal/v1/agents/" + id + "/outcomes")
        .then()
        .statusCode(403);
    api.internal()
        .body(Map.of("issued", -1, "succeeded", 0, "failed", 0))
        .post("/internal/v1/agents/" + id + "/outcomes")
        .then()
        .statusCode(400);
    assertEquals(1, Api.auditEvents("agent.created", id));
  }

  @Test
  void childAgentStaysWithinItsParentsScopes() {
    String parent =
        api.admin()
            .body(agent(p + "-parent", List.of(p + ".read"), null))
            .post("/v1/agents")
            .then()
            .statusCode(201)
            .extract()
            .path("id");
    api.admin()
        .body(agent(p + "-child", List.of(p + ".write"), parent))
        .post("/v1/agents")
        .then()
        .statusCode(400)
        .body("detail", containsString(p + ".write"));
    String child =
        api.admin()
            .body(agent(p + "-child", List.of(p + ".read"), parent))
            .post("/v1/agents")
            .then()
            .statusCode(201)
            .body("parent_id", equalTo(parent))
            .extract()
            .path("id");
    Map<String, Object> moved = agent(p + "-child", List.of(p + ".read"), null);
    api.admin().body(moved).put("/v1/agents/" + child).then().statusCode(409);
    Map<String, Object> suspended = agent(p + "-child", List.of(p + ".read"), parent);
    suspended.put("status", "suspended");
    api.admin()
        .body(suspended)
        .put("/v1/agents/" + child)
        .then()
        .statusCode(200)
        .body("status", equalTo("suspended"));
  }

  @Test
  void badAgentsAre400Or409() {
    api.admin()
        .body(agent(p, List.of("signet:internal"), null))
        .post("/v1/agents")
        .then()
        .statusCode(400);
    Map<String, Object> badOwner = agent(p, List.of(), null);
    badOwner.put("owner_type", "robot");
    api.admin().body(badOwner).post("/v1/agents").then().statusCode(400);
    api.admin()
        .body(agent(p, List.of(), UUID.randomUUID().toString()))
        .post("/v1/agents")
        .then()
        .statusCode(400);
    Map<String, Object> nul = agent(p, List.of(), null);
    nul.put("client_id", "c\u0000");
    api.admin().body(nul).post("/v1/agents").then().statusCode(400);
    api.admin().body(agent(p, List.of(), null)).post("/v1/agents").then().statusCode(201);
    api.admin().body(agent(p, List.of(), null)).post("/v1/agents").then().statusCode(409);
    api.reader().body(agent(p + "x", List.of(), null)).post("/v1/agents").then().statusCode(403);
    api.reader().get("/v1/agents/" + UUID.randomUUID()).then().statusCode(404);
  }
}
