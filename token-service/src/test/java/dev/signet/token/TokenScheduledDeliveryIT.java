package dev.signet.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.common.testing.DatabaseTestTokens;
import dev.signet.common.testing.Eventually;
import dev.signet.common.testing.RecordingInternalPeers;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.time.Duration;
import java.util.List;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/**
 * An issuance's side effects leave the packaged token-service (the jar, or the native binary under
 * -Pnative) the way production sends them: the scheduled outbox dispatcher delivers the {@code
 * token.issued} event and the scheduled usage flusher reports the account's use, both through REST
 * clients with an internal token fetched by a third. The in-process tests drive the dispatcher and
 * the flusher by hand; only this proves the schedulers and clients in the package.
 */
@QuarkusIntegrationTest
@WithTestResource(
    value = RecordingInternalPeers.class,
    initArgs = @ResourceArg(name = "usage", value = "true"))
class TokenScheduledDeliveryIT {

  static final DatabaseTestTokens TOKENS = DatabaseTestTokens.fromTestProfile();

  @Test
  void anIssuanceIsAuditedAndItsUsageReportedByTheScheduledJobs() throws Exception {
    TOKENS.ensureActiveKey();
    Fixtures.activeAccount("await-accepted");
    TOKENS.awaitAccepted("/v1/token-policy", "signet:tokens:read");
    var account = Fixtures.account().audiences("https://orders.example").create();
    String jwt =
        account
            .token("scope", "orders:read", "resource", "https://orders.example")
            .then()
            .statusCode(200)
            .extract()
            .path("access_token");
    JwtClaims claims =
        Fixtures.verifyWithPublishedKeys(jwt, TokenMainPathsTest.ISSUER, "https://orders.example");

    String jti = claims.getJwtId();
    List<JsonNode> issued =
        Eventually.value(
            Duration.ofSeconds(30),
            "token.issued of " + jti + " delivered by the scheduled dispatcher",
            () -> RecordingInternalPeers.auditEvents("token.issued", "jti/" + jti),
            events -> !events.isEmpty());
    assertEquals(1, issued.size(), "delivered once: " + issued);
    assertEquals(account.clientId, issued.get(0).path("actor").asText());

    List<JsonNode> usage =
        Eventually.value(
            Duration.ofSeconds(30),
            "usage of " + account.clientId + " reported by the scheduled flusher",
            () ->
                RecordingInternalPeers.USAGE.stream()
                    .filter(u -> account.clientId.equals(u.path("client_id").asText()))
                    .toList(),
            items -> !items.isEmpty());
    assertTrue(usage.get(0).toString().contains(account.clientId));
    assertEquals(0, RecordingInternalPeers.REFUSED.get(), "every call carried its credentials");
  }
}
