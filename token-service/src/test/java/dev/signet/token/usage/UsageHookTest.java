package dev.signet.token.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Successful client authentications are counted in memory, failed ones are not, and a flush that
 * cannot reach admin-api (nothing listens on the test URL) keeps the counts for the next round.
 */
@QuarkusTest
class UsageHookTest {

  @Inject TestTokens tokens;
  @Inject UsageAccumulator accumulator;
  @Inject UsageFlusher flusher;

  @Test
  void authenticationsAreCountedAndAFailedFlushKeepsThem() {
    tokens.ensureActiveKey();
    var client = Fixtures.account().create();
    client.token().then().statusCode(200);
    client.token().then().statusCode(200);
    Fixtures.Account wrong = Fixtures.account().create();
    io.restassured.RestAssured.given()
        .auth()
        .preemptive()
        .basic(wrong.clientId, "not-the-secret")
        .formParam("grant_type", "client_credentials")
        .post("/oauth2/token")
        .then()
        .statusCode(401);

    UsageAccumulator.Usage usage = accumulator.pending().get(client.clientId);
    assertNotNull(usage);
    assertEquals(2, usage.count());
    assertNotNull(usage.lastIp());
    assertNull(accumulator.pending().get(wrong.clientId));

    flusher.flush().await().indefinitely();
    assertEquals(usage, accumulator.pending().get(client.clientId));
  }
}
