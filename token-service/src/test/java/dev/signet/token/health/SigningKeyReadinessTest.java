package dev.signet.token.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.common.keys.ActiveKeySigner;
import dev.signet.common.keys.SigningAlgorithm;
import dev.signet.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SigningKeyReadinessTest {

  @Inject ActiveKeySigner signer;
  @Inject TestTokens tokens;

  @Test
  void notReadyWhileNoKeyOfTheAlgorithmIsActive() {
    // No test of this service activates an ES256 key.
    HealthCheckResponse response =
        new SigningKeyReadiness(signer, SigningAlgorithm.ES256)
            .call()
            .await()
            .atMost(Duration.ofSeconds(10));
    assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
    assertEquals("ES256", response.getData().orElseThrow().get("algorithm"));
  }

  @Test
  void readyWithTheActiveKeyAndStaysReadyAfterTheFirstLoad() {
    String kid = tokens.ensureActiveKey();
    SigningKeyReadiness readiness = new SigningKeyReadiness(signer, SigningAlgorithm.RS256);
    HealthCheckResponse first = readiness.call().await().atMost(Duration.ofSeconds(10));
    assertEquals(HealthCheckResponse.Status.UP, first.getStatus());
    assertEquals(kid, first.getData().orElseThrow().get("first_kid"));

    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.name", hasItem(SigningKeyReadiness.NAME))
        .body("status", equalTo("UP"));
  }
}
