package dev.signet.delegation.decision;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.signet.common.delegation.DelegationPaths;
import dev.signet.common.testing.TestTokens;
import dev.signet.delegation.Api;
import dev.signet.delegation.DelegationScopes;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /internal/v1/decisions} and its batch form over HTTP: policies written through the
 * API take effect at once, deny overrides allow, default deny, bad requests are 400, and only
 * {@code signet:internal} may ask.
 */
@QuarkusTest
class DecisionsApiTest {

  @Inject TestTokens tokens;

  private Api api;
  private final String act = "d" + UUID.randomUUID().toString().substring(0, 8) + ":read";

  @BeforeEach
  void setUp() {
    api = new Api(tokens);
  }

  private String create(String name, String effect, List<String> subjects, String condition) {
    Map<String, Object> body = new HashMap<>();
    body.put("name", act + "-" + name);
    body.put("effect", effect);
    body.put("subjects", subjects);
    body.put("actions", List.of(act));
    body.put("resources", List.of("repo:acme/*"));
    if (condition != null) {
      body.put("condition", condition);
    }
    return api.admin().body(body).post("/v1/policies").then().statusCode(201).extract().path("id");
  }

  private static Map<String, Object> request(
      String subject, String action, String resource, Map<String, Object> attrs) {
    Map<String, Object> r = new HashMap<>();
    r.put("subject", subject);
    r.put("action", action);
    r.put("resource", resource);
    r.put("subject_attributes", attrs);
    r.put("context", Map.of("ip", "10.0.0.1"));
    return r;
  }

  @Test
  void singleDecisionsFollowTheWrittenPolicies() {
    String allow = create("allow-devs", "allow", List.of("user:*"), "'dev' in subject.groups");
    Map<String, Object> devs = Map.of("groups", List.of("dev"));
    api.internal()
        .body(request("user:alice", act, "repo:acme/api", devs))
        .post(DelegationPaths.DECISIONS)
        .then()
        .statusCode(200)
        .body("allowed", equalTo(true))
        .body("policy_ids", contains(allow))
        .body("reason", containsString("allow-devs"));
    // A subject outside the glob, a resource outside it, a condition that fails: default deny.
    for (Map<String, Object> r :
        List.of(
            request("svc:alice", act, "repo:acme/api", devs),
            request("user:alice", act, "repo:other/api", devs),
            request("user:alice", act, "repo:acme/api", Map.of("groups", List.of("ops"))))) {
      api.internal()
          .body(r)
          .post(DelegationPaths.DECISIONS)
          .then()
          .statusCode(200)
          .body("allowed", equalTo(false))
          .body("policy_ids", empty())
          .body("reason", containsString("default deny"));
    }
    String deny = create("deny-mallory", "deny", List.of("user:mallory"), null);
    api.internal()
        .body(request("user:mallory", act, "repo:acme/api", devs))
        .post(DelegationPaths.DECISIONS)
        .then()
        .statusCode(200)
        .body("allowed", equalTo(false))
        .body("policy_ids", contains(deny))
        .body("reason", containsString("deny-mallory"));
  }

  @Test
  void batchAnswersInOrderAgainstOneSet() {
    String allow = create("allow-level", "allow", List.of(), "subject.level >= 3");
    List<Map<String, Object>> requests = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      requests.add(request("user:u" + i, act, "repo:acme/x", Map.of("level", i % 5)));
    }
    var answers =
        api.internal()
            .body(Map.of("requests", requests))
            .post(DelegationPaths.DECISIONS_BATCH)
            .then()
            .statusCode(200)
            .body("decisions", hasSize(100))
            .body("decisions[3].allowed", equalTo(true))
            .body("decisions[3].policy_ids", contains(allow))
            .body("decisions[2].allowed", equalTo(false))
            .extract()
            .jsonPath()
            .getList("decisions.allowed", Boolean.class);
    for (int i = 0; i < 100; i++) {
      if (answers.get(i) != (i % 5 >= 3)) {
        throw new AssertionError("decision " + i + " was " + answers.get(i));
      }
    }
  }

  @Test
  void malformedRequestsAre400NamingTheField() {
    api.internal()
        .body(request(null, act, "repo:acme/x", Map.of()))
        .post(DelegationPaths.DECISIONS)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("subject"));
    api.internal()
        .body(request("a\u0007b", act, "repo:acme/x", Map.of()))
        .post(DelegationPaths.DECISIONS)
        .then()
        .statusCode(400);
    api.internal()
        .body(request("x".repeat(600), act, "repo:acme/x", Map.of()))
        .post(DelegationPaths.DECISIONS)
        .then()
        .statusCode(400);
    api.internal()
        .body(
            "{\"subject\":\"a\",\"action\":\"b\",\"resource\":\"c\","
                + "\"subject_attributes\":{\"n\":1"
                + "0".repeat(40)
                + "}}")
        .post(DelegationPaths.DECISIONS)
        .then()
        .statusCode(400);
    api.internal()
        .body("{\"requests\": []}")
        .post(DelegationPaths.DECISIONS_BATCH)
        .then()
        .statusCode(400);
    List<Map<String, Object>> tooMany = new ArrayList<>();
    for (int i = 0; i < DecisionsResource.BATCH_MAX + 1; i++) {
      tooMany.add(request("s", act, "r", Map.of()));
    }
    api.internal()
        .body(Map.of("requests", tooMany))
        .post(DelegationPaths.DECISIONS_BATCH)
        .then()
        .statusCode(400);
    api.internal()
        .body(
            Map.of(
                "requests",
                List.of(request("s", act, "r", Map.of()), request("s", null, "r", Map.of()))))
        .post(DelegationPaths.DECISIONS_BATCH)
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("requests[1].action"));
  }

  @Test
  void onlyInternalCallersMayAsk() {
    Map<String, Object> r = request("s", act, "r", Map.of());
    api.admin().body(r).post(DelegationPaths.DECISIONS).then().statusCode(403);
    api.as("root", "signet:admin").body(r).post(DelegationPaths.DECISIONS).then().statusCode(403);
    api.as("x", DelegationScopes.READ)
        .body(Map.of("requests", List.of(r)))
        .post(DelegationPaths.DECISIONS_BATCH)
        .then()
        .statusCode(403);
    io.restassured.RestAssured.given()
        .contentType("application/json")
        .body(r)
        .post(DelegationPaths.DECISIONS)
        .then()
        .statusCode(401);
  }
}
