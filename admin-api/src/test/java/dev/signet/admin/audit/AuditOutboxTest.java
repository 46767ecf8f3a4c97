package dev.signet.admin.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.admin.AuditDeliveryProxy;
import dev.signet.common.audit.AuditConfig;
import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditOutcome;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.audit.OutboxDispatcher;
import dev.signet.common.testing.PostgresTestResource;
import dev.signet.common.testing.TestTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Events recorded with a change reach admin-api exactly once, even across an outage. */
@QuarkusTest
class AuditOutboxTest {

  @Inject AuditRecorder recorder;
  @Inject OutboxDispatcher dispatcher;
  @Inject TestTokens tokens;
  @Inject Scheduler scheduler;
  @Inject AuditConfig audit;

  @AfterEach
  void intakeReachableAgainForOtherTests() {
    AuditDeliveryProxy.proxy().stop();
  }

  @Test
  void rolledBackTransactionLeavesNoEvent() throws Throwable {
    String type = "test.rolled_back." + UUID.randomUUID();
    assertThrows(
        IllegalStateException.class,
        () ->
            VertxContextSupport.subscribeAndAwait(
                () ->
                    Panache.withTransaction(
                        () ->
                            recorder
                                .record(
                                    AuditEvent.builder(type)
                                        .actor("tester")
                                        .attribute("note", "x".repeat(1024)))
                                .chain(
                                    () ->
                                        Uni.createFrom()
                                            .failure(
                                                new IllegalStateException("change failed"))))));
    assertEquals(0, outboxRows(type));
  }

  @Test
  void eventWrittenWhileAdminApiIsUnreachableIsDeliveredAfterItReturns() throws Throwable {
    String type = "test.outage." + UUID.randomUUID();
    AuditDeliveryProxy.proxy().stop();
    VertxContextSupport.subscribeAndAwait(
        () ->
            Panache.withTransaction(
                () ->
                    recorder.record(
                        AuditEvent.builder(type)
                            .actor("tester")
                            .target("k1")
                            .outcome(AuditOutcome.SUCCESS)
                            .attribute("reason", "drill"))));
    assertEquals(1, outboxRows(type));

    drainWhileUnreachable();
    assertTrue(pendingAttempts(type) >= 1, "the failed delivery is counted and kept");

    AuditDeliveryProxy.proxy().retarget(RestAssured.port);
    AuditDeliveryProxy.proxy().start();
    int delivered = 0;
    for (int round = 0; round < 20 && pendingAttempts(type) >= 0; round++) {
      delivered += VertxContextSupport.subscribeAndAwait(dispatcher::dispatchOnce);
    }
    assertTrue(delivered >= 1);
    assertEquals(-1, pendingAttempts(type), "the row is marked sent");

    given()
        .header("Authorization", "Bearer " + tokens.bearer("auditor", "signet:audit:read"))
        .queryParam("type", type)
        .when()
        .get("/v1/audit-events")
        .then()
        .statusCode(200)
        .body("items", hasSize(1))
        .body("items[0].service", equalTo("admin"))
        .body("items[0].attributes.reason", equalTo("drill"));
  }

  /**
   * More than one batch pending, by count (signet.audit.batch-size) and by bytes (1 KiB events,
   * signet.audit.batch-max-bytes per batch, below admin-api's body limit): one round delivers them
   * all.
   */
  @Test
  void aBacklogOfSeveralBatchesIsDeliveredInOneRound() throws Throwable {
    String type = "test.backlog." + UUID.randomUUID();
    int events = 2 * audit.batchSize() + 1;
    scheduler.pause(OutboxDispatcher.JOB);
    try {
      awaitNoDispatchInFlight();
      VertxContextSupport.subscribeAndAwait(
          () -> Panache.withTransaction(() -> recordMany(type, events)));
      assertEquals(events, outboxRows(type));
      AuditDeliveryProxy.proxy().retarget(RestAssured.port);
      AuditDeliveryProxy.proxy().start();

      int delivered = VertxContextSupport.subscribeAndAwait(dispatcher::dispatchBacklog);

      assertTrue(delivered >= events, "delivered " + delivered + " of " + events);
      assertEquals(0, pendingRows(type), "every row of the backlog is marked sent");
    } finally {
      scheduler.resume(OutboxDispatcher.JOB);
    }
  }

  private Uni<Void> recordMany(String type, int remaining) {
    if (remaining == 0) {
      return Uni.createFrom().voidItem();
    }
    return recorder
        .record(AuditEvent.builder(type).actor("tester").attribute("note", "x".repeat(1024)))
        .chain(() -> recordMany(type, remaining - 1));
  }

  /** A round the scheduler started before it was paused holds the dispatch lock until it ends. */
  private static void awaitNoDispatchInFlight() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (Connection c = PostgresTestResource.database().connect();
          PreparedStatement s =
              c.prepareStatement("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'");
          ResultSet rs = s.executeQuery()) {
        rs.next();
        if (rs.getInt(1) == 0) {
          return;
        }
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    throw new AssertionError("an outbox dispatch round did not finish");
  }

  private static int pendingRows(String type) throws Exception {
    return count("SELECT count(*) FROM outbox WHERE event_type = ? AND sent_at IS NULL", type);
  }

  private void drainWhileUnreachable() throws Throwable {
    int delivered = VertxContextSupport.subscribeAndAwait(dispatcher::dispatchOnce);
    assertEquals(0, delivered);
  }

  private static int outboxRows(String type) throws Exception {
    return count("SELECT count(*) FROM outbox WHERE event_type = ?", type);
  }

  private static int count(String sql, String type) throws Exception {
    try (Connection c = PostgresTestResource.database().connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, type);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** Attempts of the pending row, or -1 when it has been sent. */
  private static int pendingAttempts(String type) throws Exception {
    try (Connection c = PostgresTestResource.database().connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT attempts, sent_at IS NOT NULL FROM outbox WHERE event_type = ?")) {
      s.setString(1, type);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getBoolean(2) ? -1 : rs.getInt(1);
      }
    }
  }
}
