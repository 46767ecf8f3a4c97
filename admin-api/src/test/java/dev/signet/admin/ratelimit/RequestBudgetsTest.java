package dev.signet.admin.ratelimit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.admin.Sql;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Budgets are counted in the database (shared by replicas), per bucket and subject, and a used-up
 * budget answers 429 problem+json with Retry-After (issue 17, item 6).
 */
@QuarkusTest
class RequestBudgetsTest {

  @Inject RequestBudgets budgets;
  @Inject BudgetConfig config;
  @Inject Clock clock;

  @Test
  void aBudgetRunsOutPerSubjectAndSaysWhenToRetry() {
    String subject = "s-" + UUID.randomUUID();
    for (int i = 0; i < 3; i++) {
      budgets.draw("test", subject, 3).await().indefinitely();
    }
    BudgetExceeded refused =
        assertThrows(
            BudgetExceeded.class, () -> budgets.draw("test", subject, 3).await().indefinitely());
    assertTrue(
        refused.retryAfterSeconds() >= 1
            && refused.retryAfterSeconds() <= config.window().toSeconds(),
        "retry after " + refused.retryAfterSeconds());
    // Another subject, and another bucket, have their own budgets.
    budgets.draw("test", subject + "-other", 3).await().indefinitely();
    budgets.draw("other", subject, 3).await().indefinitely();
    assertEquals(
        4,
        Sql.count(
            "SELECT used FROM admin_request_budgets WHERE bucket = 'test' AND subject = ?",
            subject));
  }

  @Test
  void aUsedUpAddressGets429AtVerify() {
    String address = "203.0.113." + (1 + (int) (Math.random() * 250));
    long window = config.window().toMillis();
    long now = clock.millis();
    for (long start :
        new long[] {now - Math.floorMod(now, window), now - Math.floorMod(now, window) + window}) {
      Sql.update(
          "INSERT INTO admin_request_budgets VALUES ('verify', ?, ?, 1000000)"
              + " ON CONFLICT (bucket, subject, window_start) DO UPDATE SET used = 1000000",
          address,
          Instant.ofEpochMilli(start).atOffset(ZoneOffset.UTC));
    }
    given()
        .header("X-Forwarded-For", address)
        .queryParam("invite", UUID.randomUUID().toString())
        .queryParam("token", "whatever")
        .get("/v1/verify")
        .then()
        .statusCode(429)
        .contentType("application/problem+json")
        .header("Retry-After", notNullValue());
    // Another address is not held back.
    given()
        .header("X-Forwarded-For", "198.51.100.9")
        .queryParam("invite", UUID.randomUUID().toString())
        .queryParam("token", "whatever")
        .get("/v1/verify")
        .then()
        .statusCode(404);
  }
}
