package dev.signet.admin.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.admin.AuditDeliveryProxy;
import dev.signet.admin.Sql;
import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.audit.OutboxDispatcher;
import dev.signet.common.testing.TestTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One event admin-api refuses never stops delivery: the dispatcher isolates it as a dead letter and
 * everything around it is delivered in order; an admin lists and retries it.
 */
@QuarkusTest
class DeadLetterTest {

  @Inject AuditRecorder recorder;
  @Inject OutboxDispatcher dispatcher;
  @Inject TestTokens tokens;
  @Inject Scheduler scheduler;

  @BeforeEach
  void deliverToOurselves() {
    scheduler.pause(OutboxDispatcher.JOB);
    awaitNoDispatchInFlight();
    AuditDeliveryProxy.proxy().retarget(RestAssured.port);
    AuditDeliveryProxy.proxy().start();
  }

  @AfterEach
  void restore() {
    AuditDeliveryProxy.proxy().stop();
    scheduler.resume(OutboxDispatcher.JOB);
  }

  @Test
  void anEventAdminApiRefusesBecomesADeadLetterAndTheThousandAroundItAreDelivered()
      throws Throwable {
    String good = "test.good." + UUID.randomUUID();
    record(good, 500);
    UUID bad = insertEventAdminApiRefuses();
    record(good, 500);

    VertxContextSupport.subscribeAndAwait(dispatcher::dispatchBacklog);

    assertEquals(1000, Sql.count("SELECT count(*) FROM audit_events WHERE type = ?", good));
    assertEquals(
        0, Sql.count("SELECT count(*) FROM outbox WHERE event_type = ? AND sent_at IS NULL", good));
    Map<String, Object> row =
        Sql.row("SELECT dead_at, dead_reason, sent_at FROM outbox WHERE event_id = ?", bad);
    assertNotNull(row.get("dead_at"), "the refused event is a dead letter");
    assertNull(row.get("sent_at"));
    assertTrue(row.get("dead_reason").toString().contains("HTTP 400"), row.toString());
    assertEquals(0, Sql.count("SELECT count(*) FROM audit_events WHERE id = ?", bad));

    given()
        .header("Authorization", "Bearer " + tokens.bearer("root", "signet:admin"))
        .when()
        .get("/v1/outbox/dead-letters")
        .then()
        .statusCode(200)
        .body("items.event_id", hasItem(bad.toString()));
    String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    assertTrue(
        metrics.lines().anyMatch(l -> l.startsWith("signet_outbox_dead_lettered_total")),
        "the dead-letter counter is exported");
  }

  @Test
  void aRetriedDeadLetterGoesBackInTheQueueAtItsPlace() throws Throwable {
    UUID bad = insertEventAdminApiRefuses();
    VertxContextSupport.subscribeAndAwait(dispatcher::dispatchBacklog);
    assertNotNull(Sql.row("SELECT dead_at FROM outbox WHERE event_id = ?", bad).get("dead_at"));

    given()
        .header("Authorization", "Bearer " + tokens.bearer("root", "signet:admin"))
        .when()
        .post("/v1/outbox/dead-letters/" + bad + "/retry")
        .then()
        .statusCode(200)
        .body("status", equalTo("pending"));
    assertNull(Sql.row("SELECT dead_at FROM outbox WHERE event_id = ?", bad).get("dead_at"));
    assertEquals(
        1,
        Sql.count(
            "SELECT count(*) FROM outbox WHERE event_type = 'outbox.dead_letter_retried'"
                + " AND payload ->> 'target' = ?",
            "event/" + bad));

    // Still malformed, so the next round sets it aside again instead of blocking.
    VertxContextSupport.subscribeAndAwait(dispatcher::dispatchBacklog);
    assertNotNull(Sql.row("SELECT dead_at FROM outbox WHERE event_id = ?", bad).get("dead_at"));
  }

  @Test
  void deadLettersNeedAnAdminAndRefuseBadIds() {
    given().when().get("/v1/outbox/dead-letters").then().statusCode(401);
    given()
        .header("Authorization", "Bearer " + tokens.bearer("reader", "signet:audit:read"))
        .when()
        .get("/v1/outbox/dead-letters")
        .then()
        .statusCode(403);
    String admin = "Bearer " + tokens.bearer("root", "signet:admin");
    given()
        .header("Authorization", admin)
        .when()
        .post("/v1/outbox/dead-letters/not-a-uuid/retry")
        .then()
        .statusCode(400);
    given()
        .header("Authorization", admin)
        .when()
        .post("/v1/outbox/dead-letters/" + UUID.randomUUID() + "/retry")
        .then()
        .statusCode(404);
    given()
        .header("Authorization", admin)
        .queryParam("limit", "100000")
        .when()
        .get("/v1/outbox/dead-letters")
        .then()
        .statusCode(400);
    for (String limit : java.util.List.of("9223372036854775807", "-1", "many")) {
      given()
          .header("Authorization", admin)
          .queryParam("limit", limit)
          .when()
          .get("/v1/outbox/dead-letters")
          .then()
          .statusCode(400);
    }
    given()
        .header("Authorization", admin)
        .queryParam("cursor", "9".repeat(1_000))
        .when()
        .get("/v1/outbox/dead-letters")
        .then()
        .statusCode(400);
    // admin-api takes request lines up to 16 KB (the console's pasted filters), so 10,000
    // characters reach the endpoint and are refused there.
    given()
        .header("Authorization", admin)
        .queryParam("cursor", "9".repeat(10_000))
        .when()
        .get("/v1/outbox/dead-letters")
        .then()
        .statusCode(400);
    given()
        .header("Authorization", admin)
        .queryParam("cursor", "x'; DROP TABLE outbox; --")
        .when()
        .get("/v1/outbox/dead-letters")
        .then()
        .statusCode(400);
  }

  private void record(String type, int n) throws Throwable {
    VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> recordMany(type, n)));
  }

  private Uni<Void> recordMany(String type, int remaining) {
    if (remaining == 0) {
      return Uni.createFrom().voidItem();
    }
    return recorder
        .record(AuditEvent.builder(type).actor("tester"))
        .chain(() -> recordMany(type, remaining - 1));
  }

  /**
   * A row as an older build wrote it, before events were bounded where they are built: its actor is
   * longer than admin-api stores, so admin-api refuses any batch that holds it.
   */
  private static UUID insertEventAdminApiRefuses() {
    UUID id = UUID.randomUUID();
    String payload =
        "{\"id\":\""
            + id
            + "\",\"type\":\"client.authentication_failed\",\"service\":\"admin\",\"actor\":\""
            + "x".repeat(300)
            + "\",\"outcome\":\"failure\",\"attributes\":{},"
            + "\"occurred_at\":\"2026-12-01T00:00:00Z\"}";
    Sql.update(
        "INSERT INTO outbox (event_id, service, event_type, payload) VALUES (?, 'admin',"
            + " 'client.authentication_failed', ?::jsonb)",
        id,
        payload);
    return id;
  }

  /** A round the scheduler started before it was paused holds the dispatch lock until it ends. */
  private static void awaitNoDispatchInFlight() {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (Sql.count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'") > 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("an outbox dispatch round did not finish");
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }
}
