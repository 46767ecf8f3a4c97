package dev.signet.delegation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.common.testing.DatabaseTestTokens;
import dev.signet.common.testing.Eventually;
import dev.signet.common.testing.RecordingInternalPeers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A scope change's audit event leaves the packaged delegation-service (the jar, or the native
 * binary under -Pnative) the way production sends it: the scheduled outbox dispatcher gets an
 * internal token through the token REST client and posts the batch through the audit REST client.
 */
@QuarkusIntegrationTest
@WithTestResource(RecordingInternalPeers.class)
class DelegationScheduledDeliveryIT {

  static final DatabaseTestTokens TOKENS = DatabaseTestTokens.fromTestProfile();
  static final String ADMIN = "signet:delegation:admin";

  @Test
  void aScopeWriteIsAuditedThroughTheScheduledDispatcher() {
    TOKENS.ensureActiveKey();
    TOKENS.awaitAccepted("/v1/scopes", ADMIN);
    String name = "sched" + UUID.randomUUID().toString().substring(0, 8) + ".read";
    given()
        .auth()
        .oauth2(TOKENS.bearer("carol", ADMIN))
        .contentType("application/json")
        .body("{\"description\":\"scheduled delivery\",\"implies\":[]}")
        .put("/v1/scopes/" + name)
        .then()
        .statusCode(201);

    List<JsonNode> delivered =
        Eventually.value(
            Duration.ofSeconds(30),
            "scope.created of " + name + " delivered by the scheduled dispatcher",
            () -> RecordingInternalPeers.auditEvents("scope.created", name),
            events -> !events.isEmpty());
    assertEquals(1, delivered.size(), "delivered once: " + delivered);
    assertEquals(name, delivered.get(0).path("target").asText());
    assertEquals("carol", delivered.get(0).path("actor").asText());
    assertTrue(RecordingInternalPeers.TOKENS_ISSUED.get() >= 1, "an internal token was fetched");
    assertEquals(0, RecordingInternalPeers.REFUSED.get(), "every call carried its credentials");
  }
}
