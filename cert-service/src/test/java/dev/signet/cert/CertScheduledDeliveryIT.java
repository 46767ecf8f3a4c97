package dev.signet.cert;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.common.testing.DatabaseTestTokens;
import dev.signet.common.testing.Eventually;
import dev.signet.common.testing.RecordingInternalPeers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An issuance's audit event leaves the packaged cert-service (the jar, or the native binary under
 * -Pnative) the way production sends it: the scheduled outbox dispatcher gets an internal token
 * through the token REST client and posts the batch through the audit REST client. It also signs
 * with BouncyCastle in the package, which a native image has to carry.
 */
@QuarkusIntegrationTest
@WithTestResource(RecordingInternalPeers.class)
class CertScheduledDeliveryIT {

  static final DatabaseTestTokens TOKENS = DatabaseTestTokens.fromTestProfile();
  static final String SCOPE = "certificate:sign:client";

  @Test
  void anIssuanceIsAuditedThroughTheScheduledDispatcher() throws IOException {
    TOKENS.ensureActiveKey();
    String subject = "sched-" + UUID.randomUUID().toString().substring(0, 8);
    String csr;
    try (InputStream in = getClass().getResourceAsStream("/csr/p256.csr")) {
      csr = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Eventually.until(
        Duration.ofSeconds(15),
        "cert-service accepts the test key",
        () ->
            given()
                    .auth()
                    .oauth2(TOKENS.bearer(subject, SCOPE))
                    .contentType("application/json")
                    .body(Map.of("csr", csr, "ttl_seconds", 600))
                    .post("/v1/certificates/sign")
                    .statusCode()
                == 200);

    List<JsonNode> delivered =
        Eventually.value(
            Duration.ofSeconds(30),
            "certificate.issued for " + subject + " delivered by the scheduled dispatcher",
            () -> RecordingInternalPeers.auditEvents("certificate.issued", subject),
            events -> !events.isEmpty());
    assertEquals(1, delivered.size(), "delivered once: " + delivered);
    assertFalse(delivered.get(0).toString().contains("BEGIN"), "no PEM in the event");
    assertEquals(0, RecordingInternalPeers.REFUSED.get(), "every call carried its credentials");
  }
}
