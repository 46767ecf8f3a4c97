package dev.signet.admin.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.admin.Sql;
import dev.signet.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The audit intake stores each event once; the trail filters and pages stably. */
@QuarkusTest
class AuditIntakeTest {

  @Inject TestTokens tokens;

  private String internal() {
    return "Bearer " + tokens.bearer("signet-token", "signet:internal");
  }

  private String reader() {
    return "Bearer " + tokens.bearer("auditor", "signet:audit:read");
  }

  private static String event(UUID id, String type, String actor, Instant at) {
    return """
        {"id":"%s","type":"%s","service":"token","actor":"%s","subject":"sub-1","target":"t",
         "outcome":"success","attributes":{"grant":"client_credentials"},"occurred_at":"%s"}
        """
        .formatted(id, type, actor, at);
  }

  private void deliver(String... events) {
    delivered(events);
  }

  /** Delivers the events as one batch; the answer says how many were received and stored. */
  private ValidatableResponse delivered(String... events) {
    return given()
        .header("Authorization", internal())
        .contentType("application/json")
        .body("{\"events\":[" + String.join(",", events) + "]}")
        .when()
        .post("/internal/v1/audit-events")
        .then()
        .statusCode(200);
  }

  @Test
  void aBatchWithOldNewAndRepeatedEventsStoresEachNewOneOnce() {
    UUID old = UUID.randomUUID();
    UUID fresh = UUID.randomUUID();
    String actor = "mixed-batch-" + old;
    deliver(event(old, "token.issued", actor, Instant.now()));
    delivered(
            event(old, "token.issued", actor, Instant.now()),
            event(fresh, "token.issued", actor, Instant.now()),
            event(fresh, "token.issued", actor, Instant.now()))
        .body("received", equalTo(3))
        .body("stored", equalTo(1));

    given()
        .header("Authorization", reader())
        .queryParam("actor", actor)
        .when()
        .get("/v1/audit-events")
        .then()
        .statusCode(200)
        .body("items", hasSize(2));
  }

  @Test
  void redeliveredEventIsStoredOnce() {
    UUID id = UUID.randomUUID();
    String actor = "redelivery-" + id;
    String event = event(id, "token.issued", actor, Instant.now());
    delivered(event).body("received", equalTo(1)).body("stored", equalTo(1));
    delivered(event).body("received", equalTo(1)).body("stored", equalTo(0));

    given()
        .header("Authorization", reader())
        .queryParam("actor", actor)
        .when()
        .get("/v1/audit-events")
        .then()
        .statusCode(200)
        .body("items", hasSize(1))
        .body("items[0].id", equalTo(id.toString()))
        .body("items[0].attributes.grant", equalTo("client_credentials"))
        .body("next_cursor", nullValue());
  }

  @Test
  void filtersByTypeSubjectAndTimeRange() {
    String actor = "filter-" + UUID.randomUUID();
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    deliver(
        event(UUID.randomUUID(), "key.rotated", actor, t0),
        event(UUID.randomUUID(), "token.issued", actor, t0.plusSeconds(60)),
        event(UUID.randomUUID(), "token.issued", actor, t0.plusSeconds(120)));

    given()
        .header("Authorization", reader())
        .queryParam("actor", actor)
        .queryParam("type", "token.issued")
        .when()
        .get("/v1/audit-events")
        .then()
        .statusCode(200)
        .body("items", hasSize(2));
    given()
        .header("Authorization", reader())
        .queryParam("actor", actor)
        .queryParam("from", t0.plusSeconds(30).toString())
        .queryParam("to", t0.plusSeconds(120).toString())
        .when()
        .get("/v1/audit-events")
        .then()
        .statusCode(200)
        .body("items", hasSize(1))
        .body("items[0].occurred_at", equalTo(t0.plusSeconds(60).toString()));
  }

  @Test
  void paginationIsStableWhileEventsArrive() {
    String actor = "paging-" + UUID.randomUUID();
    Instant now = Instant.now();
    for (int i = 0; i < 5; i++) {
      deliver(event(UUID.randomUUID(), "type-" + i, actor, now));
    }
    var first =
        given()
            .header("Authorization", reader())
            .queryParam("actor", actor)
            .queryParam("limit", 2)
            .when()
            .get("/v1/audit-events")
            .then()
            .statusCode(200)
            .body("items.type", contains("type-4", "type-3"))
            .body("next_cursor", notNullValue())
            .extract()
            .path("next_cursor");

    deliver(event(UUID.randomUUID(), "type-new", actor, now));

    String second =
        given()
            .header("Authorization", reader())
            .queryParam("actor", actor)
            .queryParam("limit", 2)
            .queryParam("cursor", (String) first)
            .when()
            .get("/v1/audit-events")
            .then()
            .statusCode(200)
            .body("items.type", contains("type-2", "type-1"))
            .extract()
            .path("next_cursor");
    given()
        .header("Authorization", reader())
        .queryParam("actor", actor)
        .queryParam("limit", 2)
        .queryParam("cursor", second)
        .when()
        .get("/v1/audit-events")
        .then()
        .statusCode(200)
        .body("items.type", contains("type-0"))
        .body("next_cursor", nullValue());
  }

  @Test
  void malformedBatchesAreRejectedAndStoreNothing() {
    String actor = "bad-" + UUID.randomUUID();
    given()
        .header("Authorization", internal())
        .contentType("application/json")
        .body("{\"events\":[{\"type\":\"x\"")
        .when()
        .post("/internal/v1/audit-events")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .header("Authorization", internal())
        .contentType("application/json")
        .body("{\"events\":[]}")
        .when()
        .post("/internal/v1/audit-events")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("events"));
    // one valid and one invalid event: the whole batch is refused, nothing is stored
    given()
        .header("Authorization", internal())
        .contentType("application/json")
        .body(
            "{\"events\":["
                + event(UUID.randomUUID(), "ok", actor, Instant.now())
                + ",{\"id\":\""
                + UUID.randomUUID()
                + "\",\"service\":\"token\",\"outcome\":\"success\"}]}")
        .when()
        .post("/internal/v1/audit-events")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .header("Authorization", internal())
        .contentType("text/plain")
        .body("hello")
        .when()
        .post("/internal/v1/audit-events")
        .then()
        .statusCode(415)
        .contentType("application/problem+json");
    given()
        .header("Authorization", reader())
        .queryParam("actor", actor)
        .when()
        .get("/v1/audit-events")
        .then()
        .statusCode(200)
        .body("items", hasSize(0));
  }

  @Test
  void badQueryParametersAnswerProblemJson() {
    given()
        .header("Authorization", reader())
        .queryParam("limit", "lots")
        .when()
        .get("/v1/audit-events")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("limit"));
    given()
        .header("Authorization", reader())
        .queryParam("from", "yesterday")
        .when()
        .get("/v1/audit-events")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("from"));
    given()
        .header("Authorization", reader())
        .queryParam("cursor", "not-a-cursor")
        .when()
        .get("/v1/audit-events")
        .then()
        .statusCode(400)
        .body("errors[0].field", equalTo("cursor"));
  }

  @Test
  void intakeAndTrailRequireTheirScopes() {
    String body = "{\"events\":[" + event(UUID.randomUUID(), "x", "a", Instant.now()) + "]}";
    given()
        .contentType("application/json")
        .body(body)
        .when()
        .post("/internal/v1/audit-events")
        .then()
        .statusCode(401);
    given()
        .header("Authorization", reader())
        .contentType("application/json")
        .body(body)
        .when()
        .post("/internal/v1/audit-events")
        .then()
        .statusCode(403);
    given().when().get("/v1/audit-events").then().statusCode(401);
    given()
        .header("Authorization", internal())
        .when()
        .get("/v1/audit-events")
        .then()
        .statusCode(403);
    given()
        .header("Authorization", "Bearer " + tokens.bearer("root", "signet:admin"))
        .when()
        .get("/v1/audit-events")
        .then()
        .statusCode(200);
  }

  @Test
  void eventServiceComesFromTheCaller() {
    UUID id = UUID.randomUUID();
    // keyring's internal account sends an event that claims to come from token-service
    given()
        .header("Authorization", "Bearer " + tokens.bearer("signet-keyring", "signet:internal"))
        .contentType("application/json")
        .body("{\"events\":[" + event(id, "token.issued", "forger-" + id, Instant.now()) + "]}")
        .post("/internal/v1/audit-events")
        .then()
        .statusCode(200);
    assertEquals(
        "keyring", Sql.row("SELECT service FROM audit_events WHERE id = ?", id).get("service"));
  }

  @Test
  void internalScopeWithoutAnInternalAccountIsRefused() {
    UUID id = UUID.randomUUID();
    for (String caller : List.of("eve", "signet-bootstrap-test")) {
      given()
          .header("Authorization", "Bearer " + tokens.bearer(caller, "signet:internal"))
          .contentType("application/json")
          .body("{\"events\":[" + event(id, "token.issued", "x", Instant.now()) + "]}")
          .post("/internal/v1/audit-events")
          .then()
          .statusCode(403)
          .contentType("application/problem+json");
    }
    assertEquals(0, Sql.count("SELECT count(*) FROM audit_events WHERE id = ?", id));
  }

  @Test
  void occurredAtOutsideTheSaneRangeIs400() {
    for (String at :
        List.of("+200000-01-01T00:00:00Z", "-5000-01-01T00:00:00Z", "1900-01-01T00:00:00Z")) {
      UUID id = UUID.randomUUID();
      String body =
          "{\"events\":[{\"id\":\""
              + id
              + "\",\"type\":\"t\",\"service\":\"token\","
              + "\"outcome\":\"success\",\"occurred_at\":\""
              + at
              + "\"}]}";
      given()
          .header("Authorization", internal())
          .contentType("application/json")
          .body(body)
          .post("/internal/v1/audit-events")
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("errors[0].field", equalTo("events[0].occurred_at"));
      assertEquals(0, Sql.count("SELECT count(*) FROM audit_events WHERE id = ?", id));
    }
  }

  @Test
  void hostileTrailFiltersAre400() {
    for (String[] q :
        new String[][] {
          {"actor", "a".repeat(256)},
          {"type", "t".repeat(101)},
          {"subject", "s".repeat(256)},
          {"from", "+1000000000-01-01T00:00:00Z"},
          {"to", "+294277-01-01T00:00:00Z"},
          {"cursor", "c".repeat(100)}
        }) {
      given()
          .header("Authorization", reader())
          .queryParam(q[0], q[1])
          .get("/v1/audit-events")
          .then()
          .statusCode(400)
          .contentType("application/problem+json")
          .body("errors[0].field", equalTo(q[0]));
    }
  }
}
