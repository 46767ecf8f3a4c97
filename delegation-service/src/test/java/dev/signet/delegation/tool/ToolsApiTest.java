package dev.signet.delegation.tool;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.signet.common.testing.TestTokens;
import dev.signet.delegation.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/tools}, tool grants and {@code POST /internal/v1/tools/{id}/check}: refused for a
 * missing grant, a missing scope, parameters outside the schema, an inactive tool and by policy;
 * allowed when all hold.
 */
@QuarkusTest
class ToolsApiTest {

  @Inject TestTokens tokens;

  private Api api;
  private final String p = "t" + UUID.randomUUID().toString().substring(0, 8);
  private String agent;
  private String tool;

  private static final Map<String, Object> SCHEMA =
      Map.of(
          "type",
          "object",
          "properties",
          Map.of("path", Map.of("type", "string", "maxLength", 100)),
          "required",
          List.of("path"),
          "additionalProperties",
          false);

  @BeforeEach
  void setUp() {
    api = new Api(tokens);
    api.admin().body(Map.of()).put("/v1/scopes/" + p + ".read").then().statusCode(201);
    api.admin()
        .body(Map.of("implies", List.of(p + ".read")))
        .put("/v1/scopes/" + p + ".write")
        .then()
        .statusCode(201);
    Map<String, Object> a = new HashMap<>();
    a.put("name", p + "-agent");
    a.put("owner_type", "service_account");
    a.put("owner", "sa:" + p);
    a.put("client_id", p + "-client");
    a.put("allowed_scopes", List.of(p + ".write"));
    agent = api.admin().body(a).post("/v1/agents").then().statusCode(201).extract().path("id");
    tool = createTool(p + "-read-file", SCHEMA);
    Map<String, Object> allow = new HashMap<>();
    allow.put("name", p + "-allow-tools");
    allow.put("effect", "allow");
    allow.put("subjects", List.of(p + "-client"));
    allow.put("actions", List.of("tool:invoke"));
    allow.put("resources", List.of(p + "-*"));
    api.admin().body(allow).post("/v1/policies").then().statusCode(201);
  }

  private String createTool(String name, Map<String, Object> schema) {
    Map<String, Object> t = new HashMap<>();
    t.put("name", name);
    t.put("category", "files");
    t.put("parameters", schema);
    t.put("required_scopes", List.of(p + ".read"));
    return api.admin().body(t).post("/v1/tools").then().statusCode(201).extract().path("id");
  }

  private ValidatableResponse check(
      String toolId, List<String> scopes, Map<String, Object> params) {
    Map<String, Object> body = new HashMap<>();
    body.put("subject", p + "-client");
    body.put("scopes", scopes);
    body.put("parameters", params);
    return api.internal()
        .body(body)
        .post("/internal/v1/tools/" + toolId + "/check")
        .then()
        .statusCode(200);
  }

  private void grant(String toolId) {
    api.admin().put("/v1/agents/" + agent + "/tools/" + toolId).then().statusCode(204);
  }

  @Test
  void aCallIsAllowedWhenGrantScopesSchemaAndPolicyAllHold() {
    grant(tool);
    check(tool, List.of(p + ".write"), Map.of("path", "/tmp/a"))
        .body("allowed", equalTo(true))
        .body("policy_ids", not(empty()))
        .body("reason", containsString(p + "-allow-tools"));
    api.reader().get("/v1/agents/" + agent + "/tools").then().body("id", hasItem(tool));
  }

  @Test
  void aMissingGrantIsRefused() {
    check(tool, List.of(p + ".write"), Map.of("path", "/tmp/a"))
        .body("allowed", equalTo(false))
        .body("reason", containsString("no grant"));
    grant(tool);
    api.admin().delete("/v1/agents/" + agent + "/tools/" + tool).then().statusCode(204);
    check(tool, List.of(p + ".write"), Map.of("path", "/tmp/a")).body("allowed", equalTo(false));
  }

  @Test
  void aMissingScopeIsRefusedAndNamed() {
    grant(tool);
    check(tool, List.of(), Map.of("path", "/tmp/a"))
        .body("allowed", equalTo(false))
        .body("missing_scopes", contains(p + ".read"));
  }

  @Test
  void parametersOutsideTheSchemaAreRefused() {
    grant(tool);
    check(tool, List.of(p + ".read"), Map.of("path", 5))
        .body("allowed", equalTo(false))
        .body("parameter_errors", not(empty()));
    check(tool, List.of(p + ".read"), Map.of("path", "a", "rm", true))
        .body("allowed", equalTo(false))
        .body("parameter_errors", not(empty()));
    check(tool, List.of(p + ".read"), Map.of("path", "x".repeat(101)))
        .body("allowed", equalTo(false));
    check(tool, List.of(p + ".read"), Map.of()).body("allowed", equalTo(false));
  }

  @Test
  void policiesDecideLastDenyOverridingAndDefaultDeny() {
    grant(tool);
    Map<String, Object> deny = new HashMap<>();
    deny.put("name", p + "-deny-etc");
    deny.put("effect", "deny");
    deny.put("actions", List.of("tool:invoke"));
    deny.put("resources", List.of(p + "-read-file"));
    deny.put("condition", "context.parameters.path.startsWith('/etc')");
    api.admin().body(deny).post("/v1/policies").then().statusCode(201);
    check(tool, List.of(p + ".read"), Map.of("path", "/etc/passwd"))
        .body("allowed", equalTo(false))
        .body("reason", containsString(p + "-deny-etc"));
    check(tool, List.of(p + ".read"), Map.of("path", "/tmp/x")).body("allowed", equalTo(true));
    // A tool no policy covers: default deny.
    String other = createToolNamed("other-" + p);
    grant(other);
    check(other, List.of(p + ".read"), Map.of("path", "/tmp/x"))
        .body("allowed", equalTo(false))
        .body("reason", containsString("default deny"));
  }

  private String createToolNamed(String name) {
    return createTool(name, SCHEMA);
  }

  @Test
  void anInactiveToolIsRefused() {
    grant(tool);
    Map<String, Object> t = new HashMap<>();
    t.put("name", p + "-read-file");
    t.put("parameters", SCHEMA);
    t.put("required_scopes", List.of(p + ".read"));
    t.put("active", false);
    api.admin()
        .body(t)
        .put("/v1/tools/" + tool)
        .then()
        .statusCode(200)
        .body("active", equalTo(false));
    check(tool, List.of(p + ".read"), Map.of("path", "/tmp/a"))
        .body("allowed", equalTo(false))
        .body("reason", containsString("not active"));
  }

  @Test
  void badSchemasAndBadChecksAre400AndTheCheckIsInternalOnly() {
    Map<String, Object> t = new HashMap<>();
    t.put("name", p + "-bad");
    t.put("parameters", Map.of("type", "no-such-type"));
    api.admin().body(t).post("/v1/tools").then().statusCode(400);
    t.put("parameters", Map.of("$ref", "https://example.com/schema.json"));
    api.admin()
        .body(t)
        .post("/v1/tools")
        .then()
        .statusCode(400)
        .body("detail", containsString("$ref"));
    t.put("parameters", List.of(1));
    api.admin().body(t).post("/v1/tools").then().statusCode(400);
    t.put("parameters", SCHEMA);
    t.put("name", p + "-read-file");
    api.admin().body(t).post("/v1/tools").then().statusCode(409);
    Map<String, Object> body = Map.of("subject", p + "-client", "scopes", List.of("bad\u0007"));
    api.internal().body(body).post("/internal/v1/tools/" + tool + "/check").then().statusCode(400);
    api.admin()
        .body(Map.of("subject", p + "-client"))
        .post("/internal/v1/tools/" + tool + "/check")
        .then()
        .statusCode(403);
    api.internal()
        .body(Map.of("subject", p + "-client"))
        .post("/internal/v1/tools/" + UUID.randomUUID() + "/check")
        .then()
        .statusCode(404);
    api.internal()
        .body(Map.of("subject", "nobody", "parameters", Map.of("path", "a")))
        .post("/internal/v1/tools/" + tool + "/check")
        .then()
        .statusCode(200)
        .body("allowed", equalTo(false))
        .body("reason", containsString("not an active agent"));
  }
}
