package dev.signet.common.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

/**
 * What every Signet service promises on its platform surface. Each service runs it through a
 * {@code @QuarkusTest} subclass.
 */
public abstract class PlatformContractTest {

  @Test
  void livenessAndReadinessAreUp() {
    given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void metricsAreServedInPrometheusFormat() {
    given().when().get("/q/metrics").then().statusCode(200).body(containsString("# TYPE"));
  }

  @Test
  void openApiDocumentIsServed() {
    given()
        .accept("application/json")
        .when()
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("info.title", containsString("Signet"));
  }

  @Test
  void unknownRouteAnswersProblemJson() {
    given()
        .when()
        .get("/v1/no-such-thing")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("status", equalTo(404))
        .body(not(containsString("Exception")));
  }

  @Test
  void oversizedBodyAnswers413ProblemJson() {
    given()
        .contentType("application/json")
        .body("{\"x\":\"" + "a".repeat(70_000) + "\"}")
        .when()
        .post("/v1/no-such-thing")
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("status", equalTo(413));
  }
}
