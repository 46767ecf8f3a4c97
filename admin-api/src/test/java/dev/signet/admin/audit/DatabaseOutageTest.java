package dev.signet.admin.audit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.signet.common.testing.ProxiedPostgresTestResource;
import dev.signet.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A database outage makes the service not ready and its API answer 503; it heals by itself. */
@QuarkusTest
class DatabaseOutageTest {

  @Inject TestTokens tokens;

  @AfterEach
  void databaseBack() {
    ProxiedPostgresTestResource.proxy().start();
  }

  @Test
  void databaseDownMeansNotReadyAnd503ThenRecovers() {
    String auth = "Bearer " + tokens.bearer("auditor", "signet:audit:read");
    given().header("Authorization", auth).when().get("/v1/audit-events").then().statusCode(200);

    ProxiedPostgresTestResource.proxy().stop();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .when()
                    .get("/q/health/ready")
                    .then()
                    .statusCode(503)
                    .body("status", equalTo("DOWN")));
    given()
        .header("Authorization", auth)
        .when()
        .get("/v1/audit-events")
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .body("status", equalTo(503));

    ProxiedPostgresTestResource.proxy().start();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> given().when().get("/q/health/ready").then().statusCode(200));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                given()
                    .header("Authorization", auth)
                    .when()
                    .get("/v1/audit-events")
                    .then()
                    .statusCode(200));
  }
}
