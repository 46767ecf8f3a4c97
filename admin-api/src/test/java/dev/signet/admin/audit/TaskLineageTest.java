package dev.signet.admin.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.signet.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Task lineage in the audit trail (issue 15, item 8): the task_id filter and the task chain. */
@QuarkusTest
class TaskLineageTest {

  @Inject TestTokens tokens;

  private String internal() {
    return "Bearer " + tokens.bearer("signet-token", "signet:internal");
  }

  private String reader() {
    return "Bearer " + tokens.bearer("auditor", "signet:audit:read");
  }

  /** A delegated hop as token-service records it. */
  private static String hop(String type, String task, String parent, int depth) {
    return """
        {"id":"%s","type":"%s","service":"token","actor":"agent-%d","subject":"alice",
         "target":"jti/%s","outcome":"success","attributes":{"task_id":"%s"%s,"depth":%d},
         "occurred_at":"%s"}
        """
        .formatted(
            UUID.randomUUID(),
            type,
            depth,
            UUID.randomUUID(),
            task,
            parent == null ? "" : ",\"parent_task_id\":\"" + parent + "\"",
            depth,
            Instant.now());
  }

  private void deliver(String... events) {
    given()
        .header("Authorization", internal())
        .contentType("application/json")
        .body("{\"events\":[" + String.join(",", events) + "]}")
        .when()
        .post("/internal/v1/audit-events")
        .then()
        .statusCode(200);
  }

  private static String task(String name) {
    return name + "-" + UUID.randomUUID();
  }

  @Test
  void taskIdFilterAnswersOnlyThatTasksEvents() {
    String t1 = task("t1");
    String t2 = task("t2");
    deliver(
        hop("token.delegated", t1, null, 1),
        hop("token.delegation_refused", t1, null, 1),
        hop("token.delegated", t2, t1, 2));
    given()
        .header("Authorization", reader())
        .queryParam("task_id", t1)
        .when()
        .get("/v1/audit-events")
        .then()
        .statusCode(200)
        .body("items", hasSize(2))
        .body("items.type", contains("token.delegation_refused", "token.delegated"));
    given()
        .header("Authorization", reader())
        .queryParam("task_id", t2)
        .queryParam("type", "token.delegated")
        .when()
        .get("/v1/audit-events")
        .then()
        .statusCode(200)
        .body("items", hasSize(1))
        .body("items[0].attributes.parent_task_id", equalTo(t1));
  }

  @Test
  void threeHopChainIsReadBackToItsRoot() {
    String t1 = task("root");
    String t2 = task("mid");
    String t3 = task("leaf");
    deliver(
        hop("token.delegated", t1, null, 1),
        hop("token.delegated", t2, t1, 2),
        hop("token.delegated", t3, t2, 3));
    given()
        .header("Authorization", reader())
        .when()
        .get("/v1/audit-events/task-chain/{task}", t3)
        .then()
        .statusCode(200)
        .body("task_id", equalTo(t3))
        .body("tasks.task_id", contains(t3, t2, t1))
        .body("tasks.parent_task_id", contains(t2, t1, null))
        .body("tasks[0].events[0].attributes.depth", equalTo(3))
        .body("end", equalTo("root"));
  }

  @Test
  void missingParentEndsTheChain() {
    String gone = task("gone");
    String t = task("orphan");
    deliver(hop("token.delegated", t, gone, 2));
    given()
        .header("Authorization", reader())
        .when()
        .get("/v1/audit-events/task-chain/{task}", t)
        .then()
        .statusCode(200)
        .body("tasks.task_id", contains(t))
        .body("tasks[0].parent_task_id", equalTo(gone))
        .body("end", equalTo("missing_parent"));
  }

  @Test
  void cycleInTheLineageEndsTheWalk() {
    String a = task("a");
    String b = task("b");
    deliver(hop("token.delegated", a, b, 1), hop("token.delegated", b, a, 2));
    given()
        .header("Authorization", reader())
        .when()
        .get("/v1/audit-events/task-chain/{task}", a)
        .then()
        .statusCode(200)
        .body("tasks.task_id", contains(a, b))
        .body("end", equalTo("cycle"));
    // A task naming itself as its parent.
    String self = task("self");
    deliver(hop("token.delegated", self, self, 1));
    given()
        .header("Authorization", reader())
        .when()
        .get("/v1/audit-events/task-chain/{task}", self)
        .then()
        .statusCode(200)
        .body("tasks", hasSize(1))
        .body("end", equalTo("cycle"));
  }

  @Test
  void longChainIsBounded() {
    List<String> events = new ArrayList<>();
    String parent = null;
    String last = null;
    for (int i = 0; i < TaskChain.MAX_DEPTH + 4; i++) {
      last = task("deep" + i);
      events.add(hop("token.delegated", last, parent, 1));
      parent = last;
    }
    deliver(events.toArray(String[]::new));
    given()
        .header("Authorization", reader())
        .when()
        .get("/v1/audit-events/task-chain/{task}", last)
        .then()
        .statusCode(200)
        .body("tasks", hasSize(TaskChain.MAX_DEPTH))
        .body("end", equalTo("max_depth"));
  }

  @Test
  void unknownOrBadTaskIsAProblem() {
    given()
        .header("Authorization", reader())
        .when()
        .get("/v1/audit-events/task-chain/{task}", task("never"))
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    given()
        .header("Authorization", reader())
        .when()
        .get("/v1/audit-events/task-chain/{task}", "x".repeat(129))
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .header("Authorization", reader())
        .queryParam("task_id", "bad\u0001id")
        .when()
        .get("/v1/audit-events")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given().when().get("/v1/audit-events/task-chain/{task}", "anything").then().statusCode(401);
  }
}
