package dev.signet.admin;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.common.testing.DatabaseTestTokens;
import dev.signet.common.testing.Eventually;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An admin change reaches the audit trail the way production records it, in the packaged app (the
 * jar, or the native binary under -Pnative): the outbox row is picked up by the scheduled
 * dispatcher, which gets an internal token through the token REST client and posts the batch
 * through the audit REST client to admin-api's own intake. The in-process tests call the dispatcher
 * by hand, so only this proves the scheduler and both clients in the package.
 */
@QuarkusIntegrationTest
@WithTestResource(ScheduledAuditDispatch.class)
class AdminScheduledDeliveryIT {

  static final DatabaseTestTokens TOKENS = DatabaseTestTokens.fromTestProfile();

  @Test
  void aCreatedAccountAppearsInTheAuditTrailThroughTheScheduledDispatcher() {
    AuditDeliveryProxy.reachable();
    TOKENS.ensureActiveKey();
    TOKENS.awaitAccepted("/v1/overview", "signet:overview:read");
    String clientId = "sched-" + UUID.randomUUID().toString().substring(0, 8);
    given()
        .auth()
        .oauth2(TOKENS.bearer("alice", "signet:accounts:admin", "deploy:write"))
        .contentType("application/json")
        .body(
            "{\"client_id\":\""
                + clientId
                + "\",\"name\":\"Scheduled\",\"scopes\":[\"deploy:write\"]}")
        .post("/v1/service-accounts")
        .then()
        .statusCode(201);

    List<Map<String, Object>> events =
        Eventually.value(
            Duration.ofSeconds(30),
            "admin.service_account.created of " + clientId + " in the audit trail",
            () -> trail(clientId),
            found -> !found.isEmpty());
    assertEquals(1, events.size(), "stored once: " + events);
    assertEquals("alice", events.get(0).get("actor"));
    assertEquals("admin", events.get(0).get("service"));
  }

  private static List<Map<String, Object>> trail(String clientId) {
    JsonPath page =
        given()
            .auth()
            .oauth2(TOKENS.bearer("auditor", "signet:audit:read"))
            .queryParam("type", "admin.service_account.created")
            .queryParam("limit", 500)
            .get("/v1/audit-events")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    return page.<Map<String, Object>>getList("items").stream()
        .filter(e -> clientId.equals(e.get("target")))
        .toList();
  }
}
