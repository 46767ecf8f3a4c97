package dev.signet.token.client;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.common.testing.TestTokens;
import dev.signet.token.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Guessing a client's secret is throttled per client id (issue 13, item 11). */
@QuarkusTest
class AuthFailureThrottleTest {

  @Inject TestTokens tokens;

  @BeforeEach
  void activeKey() {
    tokens.ensureActiveKey();
  }

  private static io.restassured.response.Response tokenWith(String clientId, String secret) {
    return given()
        .auth()
        .preemptive()
        .basic(clientId, secret)
        .formParam("grant_type", "client_credentials")
        .post("/oauth2/token");
  }

  @Test
  void secretGuessingLocksTheClientIdOutEvenForTheRightSecretAndOpensOneIncident() {
    var account = Fixtures.account().create();
    for (int i = 0; i < 10; i++) {
      tokenWith(account.clientId, "guess-" + i).then().statusCode(401);
    }
    var refused = tokenWith(account.clientId, account.secret);
    refused.then().statusCode(429).body("error", equalTo("temporarily_unavailable"));
    Fixtures.assertRetryAfterWithinTheWindow(refused);
    tokenWith(account.clientId, "guess-again").then().statusCode(429);
    List<String> incidents =
        Fixtures.column(
            "SELECT count(*) FROM outbox WHERE event_type = 'incident.repeated_auth_failures'"
                + " AND "
                + Fixtures.EVENT
                + " ->> 'actor' = ?",
            account.clientId);
    assertEquals(List.of("1"), incidents);
    // Another client id is not affected.
    var other = Fixtures.account().create();
    other.token().then().statusCode(200);
  }
}
