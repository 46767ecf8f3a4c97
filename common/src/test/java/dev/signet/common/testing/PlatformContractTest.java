package dev.signet.common.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * What every Signet service promises on its platform surface, over HTTP only. Each service runs it
 * in process through a {@code @QuarkusTest} subclass and against its packaged jar or native binary
 * through an IT subclass of that ({@code @QuarkusIntegrationTest}).
 */
public abstract class PlatformContractTest {

  @Test
  void livenessAndReadinessAreUp() {
    given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void metricsAreServedInPrometheusTextFormatWithTheExpectedNames() {
    given().when().get("/q/health/live").then().statusCode(200);
    String body =
        given()
            .accept("text/plain")
            .when()
            .get("/q/metrics")
            .then()
            .statusCode(200)
            .contentType(containsString("text/plain"))
            .extract()
            .asString();
    Set<String> names = PrometheusText.parse(body).keySet();
    for (String expected : expectedMetricNames()) {
      assertTrue(names.contains(expected), "metric " + expected + " is exposed");
    }
  }

  /** Metric families this service must expose; services add their own to these. */
  protected List<String> expectedMetricNames() {
    return List.of(
        "http_server_requests_seconds_count",
        "http_server_requests_seconds_bucket",
        "jvm_memory_used_bytes",
        "signet_crypto_provider_info",
        "signet_outbox_backlog",
        "signet_outbox_delivery_lag_seconds");
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
  void everyAnswerCarriesARequestIdThatAPlainCallerIdIsKeptAs() {
    given()
        .header("X-Request-Id", "trace-42.a_b:c")
        .get("/q/health/live")
        .then()
        .header("X-Request-Id", equalTo("trace-42.a_b:c"));
    String generated = given().get("/q/health/live").then().extract().header("X-Request-Id");
    assertTrue(generated.matches("[0-9a-f-]{36}"), "a generated id: " + generated);
    // An id that could forge log lines is replaced, not echoed.
    given()
        .header("X-Request-Id", "x\tforged line")
        .get("/q/health/live")
        .then()
        .header("X-Request-Id", not(containsString("forged")));
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
    // The limit the HTTP server enforces for this service (common's microprofile-config.properties
    // derives it from signet.service.max-body-bytes): admin-api takes larger bodies (audit
    // batches).
    long limit =
        ConfigProvider.getConfig().getValue("quarkus.http.limits.max-body-size", Long.class);
    given()
        .contentType("application/json")
        .body("{\"x\":\"" + "a".repeat(Math.toIntExact(limit) + 10) + "\"}")
        .when()
        .post("/v1/no-such-thing")
        .then()
        .statusCode(413)
        .contentType("application/problem+json")
        .body("status", equalTo(413));
  }
}
