package dev.signet.keyring;

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
import org.junit.jupiter.api.Test;

/**
 * A rotation's audit events leave the packaged key ring (the jar, or the native binary under
 * -Pnative) the way production sends them: the scheduled outbox dispatcher gets an internal token
 * through the token REST client and posts the batch through the audit REST client. The in-process
 * tests call the dispatcher by hand, so only this proves the scheduler and both clients work in the
 * packaged form.
 */
@QuarkusIntegrationTest
@WithTestResource(RecordingInternalPeers.class)
class KeyringScheduledDeliveryIT {

  static final DatabaseTestTokens TOKENS = DatabaseTestTokens.fromTestProfile();

  @Test
  void aRotationsAuditEventsReachAdminApiThroughTheScheduledDispatcher() {
    TOKENS.ensureActiveKey();
    TOKENS.awaitAccepted("/v1/keys/policy", KeyringMainPathsTest.SCOPE);
    String kid =
        given()
            .auth()
            .oauth2(TOKENS.bearer("root", KeyringMainPathsTest.SCOPE))
            .post("/v1/keys/rotate?immediate=true")
            .then()
            .statusCode(200)
            .extract()
            .path("activated.kid");

    List<JsonNode> delivered =
        Eventually.value(
            Duration.ofSeconds(30),
            "key.activated of " + kid + " delivered by the scheduled dispatcher",
            () -> RecordingInternalPeers.auditEvents("key.activated", kid),
            events -> !events.isEmpty());

    assertEquals(1, delivered.size(), "delivered once: " + delivered);
    assertEquals(kid, delivered.get(0).path("target").asText());
    assertEquals("root", delivered.get(0).path("actor").asText());
    assertTrue(RecordingInternalPeers.TOKENS_ISSUED.get() >= 1, "an internal token was fetched");
    assertEquals(0, RecordingInternalPeers.REFUSED.get(), "every call carried its credentials");
  }
}
