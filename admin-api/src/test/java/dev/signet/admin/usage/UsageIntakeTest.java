package dev.signet.admin.usage;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.admin.Sql;
import dev.signet.common.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Batched usage from token-service: counts add up, the later use wins, nobody else may write. */
@QuarkusTest
class UsageIntakeTest {

  @Inject TestTokens tokens;

  private static String account() {
    String clientId = "usage-" + UUID.randomUUID().toString().substring(0, 12);
    Sql.update(
        "INSERT INTO service_accounts (id, client_id, name, status) VALUES (?, ?, 'u', 'active')",
        UUID.randomUUID(),
        clientId);
    return clientId;
  }

  private static String item(String clientId, long count, Instant at, String ip) {
    return """
        {"client_id":"%s","count":%d,"last_used_at":"%s","last_ip":"%s"}"""
        .formatted(clientId, count, at, ip);
  }

  private io.restassured.response.Response post(String bearer, String... items) {
    var request = given().contentType("application/json");
    if (bearer != null) {
      request = request.header("Authorization", "Bearer " + bearer);
    }
    return request
        .body("{\"items\":[" + String.join(",", items) + "]}")
        .post("/internal/v1/service-accounts/usage");
  }

  private static Map<String, Object> usage(String clientId) {
    return Sql.row(
        "SELECT usage_count, last_used_at, last_used_ip, version FROM service_accounts"
            + " WHERE client_id = ?",
        clientId);
  }

  @Test
  void batchesAddCountsAndKeepTheLaterUse() {
    String a = account();
    String b = account();
    String internal = tokens.bearer("signet-token", "signet:internal");
    Instant t0 = Instant.parse("2026-11-24T20:00:00Z");

    post(
            internal,
            item(a, 3, t0, "10.0.0.1"),
            item(b, 1, t0, "10.0.0.9"),
            item(a, 2, t0.plusSeconds(5), "10.0.0.2"),
            item("no-such-client", 7, t0, "10.0.0.3"))
        .then()
        .statusCode(200)
        .body("received", equalTo(4))
        .body("updated", equalTo(2));
    assertEquals(5L, ((Number) usage(a).get("usage_count")).longValue());
    assertEquals("10.0.0.2", usage(a).get("last_used_ip"));
    assertEquals(t0.plusSeconds(5), ((Timestamp) usage(a).get("last_used_at")).toInstant());
    assertEquals(1L, ((Number) usage(b).get("usage_count")).longValue());

    // A late batch with an older use adds its count but keeps the newer time and address.
    post(internal, item(a, 4, t0.minusSeconds(60), "10.0.0.4")).then().statusCode(200);
    assertEquals(9L, ((Number) usage(a).get("usage_count")).longValue());
    assertEquals("10.0.0.2", usage(a).get("last_used_ip"));
    assertEquals(t0.plusSeconds(5), ((Timestamp) usage(a).get("last_used_at")).toInstant());

    // A newer use moves both; the account's version stays, so admin edits never conflict.
    post(internal, item(a, 1, t0.plusSeconds(60), "10.0.0.5")).then().statusCode(200);
    assertEquals("10.0.0.5", usage(a).get("last_used_ip"));
    assertEquals(0L, ((Number) usage(a).get("version")).longValue());
  }

  @Test
  void emptyBatchIsFine() {
    post(tokens.bearer("signet-token", "signet:internal"))
        .then()
        .statusCode(200)
        .body("updated", equalTo(0));
  }

  @Test
  void onlyInternalCallersMayReport() {
    String a = account();
    Instant now = Instant.now();
    post(null, item(a, 1, now, "10.0.0.1")).then().statusCode(401);
    post(tokens.bearer("admin", "signet:admin"), item(a, 1, now, "10.0.0.1"))
        .then()
        .statusCode(403);
    assertEquals(0L, ((Number) usage(a).get("usage_count")).longValue());
  }

  @Test
  void malformedBatchesAreRefused() {
    String internal = tokens.bearer("signet-token", "signet:internal");
    given()
        .contentType("application/json")
        .header("Authorization", "Bearer " + internal)
        .body("{}")
        .post("/internal/v1/service-accounts/usage")
        .then()
        .statusCode(400);
    post(internal, "{\"client_id\":\"\",\"count\":1,\"last_used_at\":\"2026-11-24T20:00:00Z\"}")
        .then()
        .statusCode(400);
    post(internal, "{\"client_id\":\"x\",\"count\":-1,\"last_used_at\":\"2026-11-24T20:00:00Z\"}")
        .then()
        .statusCode(400);
    post(internal, "{\"client_id\":\"x\",\"count\":1,\"last_used_at\":\"yesterday\"}")
        .then()
        .statusCode(400);
  }

  @Test
  void onlyTokenServiceReportsUsage() {
    String a = account();
    for (String caller : List.of("signet-keyring", "admin-test-internal", "eve")) {
      post(
              tokens.bearer(caller, "signet:internal"),
              item(a, 1_000, Instant.parse("2026-11-24T20:00:00Z"), "10.0.0.1"))
          .then()
          .statusCode(403)
          .contentType("application/problem+json");
    }
    assertEquals(0L, ((Number) usage(a).get("usage_count")).longValue());
  }

  @Test
  void hugeCountsAndTimesOutsideTheRangeAre400() {
    String a = account();
    String internal = tokens.bearer("signet-token", "signet:internal");
    post(internal, item(a, 9_300_000_000_000_000L, Instant.parse("2026-11-24T20:00:00Z"), "ip"))
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    post(internal, item(a, 1, Instant.parse("+200000-01-01T00:00:00Z"), "ip"))
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("errors[0].field", equalTo("items[0].last_used_at"));
    post(internal, item(a, 1, Instant.parse("2026-11-24T20:00:00Z"), "x".repeat(101)))
        .then()
        .statusCode(400)
        .contentType("application/problem+json");
    assertEquals(0L, ((Number) usage(a).get("usage_count")).longValue());
  }
}
