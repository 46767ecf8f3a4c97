package dev.signet.token.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.common.keys.ActiveKeySigner;
import dev.signet.common.testing.PostgresTestResource;
import dev.signet.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SigningKeyReadinessTest {

  @Inject ActiveKeySigner signer;
  @Inject TestTokens tokens;

  @Test
  void notReadyWhileTheRingHasNoActiveKey() {
    String kid = tokens.ensureActiveKey();
    setState(kid, "previous");
    try {
      signer.invalidate();
      HealthCheckResponse response =
          new SigningKeyReadiness(signer).call().await().atMost(Duration.ofSeconds(10));
      assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
    } finally {
      setState(kid, "active");
      signer.invalidate();
    }
  }

  @Test
  void readyWithTheRingsActiveKeyAndStaysReadyAfterTheFirstLoad() {
    String kid = tokens.ensureActiveKey();
    SigningKeyReadiness readiness = new SigningKeyReadiness(signer);
    HealthCheckResponse first = readiness.call().await().atMost(Duration.ofSeconds(10));
    assertEquals(HealthCheckResponse.Status.UP, first.getStatus());
    assertEquals(kid, first.getData().orElseThrow().get("first_kid"));
    assertEquals("RS256", first.getData().orElseThrow().get("first_algorithm"));

    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.name", hasItem(SigningKeyReadiness.NAME))
        .body("status", equalTo("UP"));
  }

  private static void setState(String kid, String state) {
    try (Connection c = PostgresTestResource.database().connect();
        PreparedStatement s =
            c.prepareStatement("UPDATE signing_keys SET state = ? WHERE kid = ?")) {
      s.setString(1, state);
      s.setString(2, kid);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
