package dev.signet.admin.incidents;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.admin.Sql;
import dev.signet.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A refresh-token reuse event delivered to the audit intake becomes an incident admins work. */
@QuarkusTest
class IncidentLifecycleTest {

  @Inject TestTokens tokens;
  @Inject OpenIncidentsGauge gauge;

  private String deliver(UUID eventId, String type, String subject) {
    return deliver("signet-token", eventId, type, subject);
  }

  /**
   * Delivers one event as the internal account {@code caller} (signet-token, signet-keyring...).
   */
  private String deliver(String caller, UUID eventId, String type, String subject) {
    String body =
        "{\"events\":[{\"id\":\""
            + eventId
            + "\",\"type\":\""
            + type
            + "\",\"service\":\"token\",\"actor\":\"cli\",\"subject\":\""
            + subject
            + "\",\"target\":\"family-1\",\"outcome\":\"denied\","
            + "\"attributes\":{\"client_id\":\"cli\",\"family_id\":\"f-1\"},"
            + "\"occurred_at\":\""
            + Instant.now()
            + "\"}]}";
    return given()
        .auth()
        .oauth2(tokens.bearer(caller, "signet:internal"))
        .contentType("application/json")
        .body(body)
        .post("/internal/v1/audit-events")
        .then()
        .statusCode(200)
        .extract()
        .asString();
  }

  /** An open incident as the opener stores it, for tests of the list alone. */
  private static void incident(String type, String subject) {
    Sql.update(
        "INSERT INTO incidents (id, type, subject, source_event_id) VALUES (?, ?, ?, ?)",
        UUID.randomUUID(),
        type,
        subject,
        UUID.randomUUID());
  }

  private String incidentFor(UUID eventId) {
    return Sql.row("SELECT id::text AS id FROM incidents WHERE source_event_id = ?", eventId)
        .get("id")
        .toString();
  }

  @Test
  void refreshReuseOpensAnIncidentThatIsAcknowledgedAndResolved() {
    UUID eventId = UUID.randomUUID();
    String subject = "user:" + UUID.randomUUID();
    deliver(eventId, "incident.refresh_token_reuse", subject);
    deliver(eventId, "incident.refresh_token_reuse", subject); // redelivery
    assertEquals(1, Sql.count("SELECT count(*) FROM incidents WHERE source_event_id = ?", eventId));
    String id = incidentFor(eventId);
    String admin = tokens.bearer("bob", "signet:incidents:admin");

    given()
        .auth()
        .oauth2(admin)
        .queryParam("status", "open")
        .get("/v1/incidents")
        .then()
        .statusCode(200)
        .body("items.id", hasItem(id));
    given()
        .auth()
        .oauth2(admin)
        .get("/v1/incidents/" + id)
        .then()
        .statusCode(200)
        .body("type", equalTo("incident.refresh_token_reuse"))
        .body("severity", equalTo("high"))
        .body("status", equalTo("open"))
        .body("subject", equalTo(subject))
        .body("client_id", equalTo("cli"))
        .body("details.family_id", equalTo("f-1"))
        .body("details.service", equalTo("token"));

    given()
        .auth()
        .oauth2(admin)
        .post("/v1/incidents/" + id + "/acknowledge")
        .then()
        .statusCode(200)
        .body("status", equalTo("acknowledged"))
        .body("acknowledged_by", equalTo("bob"));
    given()
        .auth()
        .oauth2(admin)
        .post("/v1/incidents/" + id + "/acknowledge")
        .then()
        .statusCode(409)
        .contentType("application/problem+json");

    given()
        .auth()
        .oauth2(admin)
        .contentType("application/json")
        .body("{\"note\":\"  \"}")
        .post("/v1/incidents/" + id + "/resolve")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(admin)
        .contentType("application/json")
        .body("{\"note\":\"user re-enrolled the device\"}")
        .post("/v1/incidents/" + id + "/resolve")
        .then()
        .statusCode(200)
        .body("status", equalTo("resolved"))
        .body("resolved_by", equalTo("bob"))
        .body("resolved_at", notNullValue())
        .body("resolution_note", equalTo("user re-enrolled the device"));
    given()
        .auth()
        .oauth2(admin)
        .contentType("application/json")
        .body("{\"note\":\"again\"}")
        .post("/v1/incidents/" + id + "/resolve")
        .then()
        .statusCode(409);

    assertEquals(
        1,
        Sql.count(
            "SELECT count(*) FROM outbox WHERE event_type = 'admin.incident.resolved'"
                + " AND payload->>'target' = ? AND payload->>'actor' = 'bob'",
            id));
  }

  @Test
  void openIncidentsAreExportedAsAGauge() {
    deliver(UUID.randomUUID(), "incident.repeated_auth_failures", "user:gauge");
    gauge.refresh().await().indefinitely();
    long open = Sql.count("SELECT count(*) FROM incidents WHERE status <> 'resolved'");
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(org.hamcrest.Matchers.containsString("signet_incidents_open " + (double) open));
  }

  @Test
  void ordinaryEventsOpenNoIncident() {
    UUID eventId = UUID.randomUUID();
    deliver(eventId, "token.issued", "user:x");
    assertEquals(0, Sql.count("SELECT count(*) FROM incidents WHERE source_event_id = ?", eventId));
  }

  @Test
  void eachKnownTypeHasItsDefaultSeverityAndUnownedTypesOpenNothing() {
    UUID keyEvent = UUID.randomUUID();
    deliver("signet-keyring", keyEvent, "incident.key_revoked", "kid-1");
    assertEquals(
        "critical",
        Sql.row("SELECT severity FROM incidents WHERE source_event_id = ?", keyEvent)
            .get("severity"));
    UUID other = UUID.randomUUID();
    deliver(other, "incident.something_new", "x");
    assertEquals(0, Sql.count("SELECT count(*) FROM incidents WHERE source_event_id = ?", other));
    assertEquals(1, Sql.count("SELECT count(*) FROM audit_events WHERE id = ?", other));
  }

  @Test
  void nonOwnerCannotOpenKeyRevokedIncident() {
    UUID forged = UUID.randomUUID();
    deliver("signet-token", forged, "incident.key_revoked", "kid-forged");
    deliver("signet-cert", UUID.randomUUID(), "incident.key_revoked", "kid-forged");
    assertEquals(0, Sql.count("SELECT count(*) FROM incidents WHERE subject = 'kid-forged'"));
    // stored in the trail as what it is: an event token-service sent
    assertEquals(
        "token", Sql.row("SELECT service FROM audit_events WHERE id = ?", forged).get("service"));
  }

  @Test
  void nonOwnerCannotOpenRefreshReuseIncident() {
    UUID forged = UUID.randomUUID();
    deliver("signet-keyring", forged, "incident.refresh_token_reuse", "user:forged");
    deliver(
        "admin-test-internal", UUID.randomUUID(), "incident.refresh_token_reuse", "user:forged");
    assertEquals(0, Sql.count("SELECT count(*) FROM incidents WHERE subject = 'user:forged'"));
  }

  @Test
  void badInputAnswersProblemJson() {
    String admin = tokens.bearer("bob", "signet:admin");
    given()
        .auth()
        .oauth2(admin)
        .get("/v1/incidents/not-a-uuid")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(admin)
        .get("/v1/incidents/" + UUID.randomUUID())
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(admin)
        .queryParam("status", "closed")
        .get("/v1/incidents")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    given()
        .auth()
        .oauth2(admin)
        .contentType("application/json")
        .body("{}")
        .post("/v1/incidents/" + UUID.randomUUID() + "/resolve")
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
  }

  @Test
  void incidentPagesAreStableWhileIncidentsArrive() {
    String type = "incident.paging_" + UUID.randomUUID().toString().substring(0, 8);
    for (int i = 0; i < 3; i++) {
      incident(type, "s" + i);
    }
    String admin = tokens.bearer("bob", "signet:admin");
    var first =
        given()
            .auth()
            .oauth2(admin)
            .queryParam("type", type)
            .queryParam("limit", 2)
            .get("/v1/incidents")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    incident(type, "new");
    var second =
        given()
            .auth()
            .oauth2(admin)
            .queryParam("type", type)
            .queryParam("limit", 2)
            .queryParam("cursor", first.getString("next_cursor"))
            .get("/v1/incidents")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertEquals(java.util.List.of("s2", "s1"), first.getList("items.subject"));
    assertEquals(java.util.List.of("s0"), second.getList("items.subject"));
  }
}
