package dev.signet.token.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signet.common.audit.AuditEvent;
import dev.signet.common.audit.AuditGroupCommit;
import dev.signet.common.audit.AuditRecorder;
import dev.signet.common.audit.OutboxRow;
import dev.signet.common.testing.Eventually;
import dev.signet.common.testing.PostgresTestResource;
import dev.signet.token.Fixtures;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Events that join no other change share commits: many concurrent callers end in fewer INSERTs,
 * each caller is answered only after its row is committed, and a batch that fails fails every
 * caller in it and leaves no row behind.
 */
@QuarkusTest
class AuditGroupCommitTest {

  @Inject AuditRecorder recorder;
  @Inject AuditGroupCommit groupCommit;
  @Inject MeterRegistry registry;

  /**
   * The batching property without a race against the scheduler: a table lock on the outbox holds
   * the first writes in flight while all 200 callers queue behind them, so when it is released the
   * rest must leave in shared INSERTs. Fewer batches than events, and exactly 200 rows in them.
   */
  @Test
  void concurrentEventsShareCommitsAndAreAllStored() throws Exception {
    String actor = "group-" + UUID.randomUUID();
    DistributionSummary rows = registry.get("signet.audit.group.commit.rows").summary();
    long commitsBefore = rows.count();
    double rowsBefore = rows.totalAmount();

    List<CompletableFuture<AuditEvent>> writes = new ArrayList<>();
    try (Connection lock = PostgresTestResource.database().connect()) {
      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        s.execute("LOCK TABLE outbox IN SHARE ROW EXCLUSIVE MODE");
      }
      int pid = backendPid(lock);
      for (int i = 0; i < 200; i++) {
        writes.add(
            recorder
                .recordAlone(AuditEvent.builder("test.group_commit").actor(actor).target("n/" + i))
                .subscribeAsCompletionStage());
      }
      Eventually.until(
          Duration.ofSeconds(30),
          "the first group commits wait on the outbox lock",
          () -> blockedBy(pid) > 0);
      lock.rollback();
    }
    for (CompletableFuture<AuditEvent> write : writes) {
      write.get(30, TimeUnit.SECONDS);
    }

    assertEquals(
        List.of("200"),
        Fixtures.column(
            "SELECT count(*)::text FROM outbox WHERE event_type = 'test.group_commit'"
                + " AND payload ->> 'actor' = ?",
            actor));
    long commits = rows.count() - commitsBefore;
    assertEquals(200.0, rows.totalAmount() - rowsBefore, "every row went through a batch");
    assertTrue(commits < 200, "200 queued events took " + commits + " commits");
  }

  private static int backendPid(Connection c) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** How many sessions wait on a lock the session {@code pid} holds. */
  private static int blockedBy(int pid) {
    return Integer.parseInt(
        Fixtures.column(
                "SELECT count(*)::text FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))",
                pid)
            .get(0));
  }

  /**
   * Two duplicates must land in one batch: a table lock holds the two writes that fill the
   * in-flight slots, so both duplicates queue behind them and leave together once the lock is
   * released.
   */
  @Test
  void aFailedBatchFailsEveryCallerAndWritesNothing() throws Exception {
    UUID duplicate = UUID.randomUUID();
    CompletableFuture<Void> first;
    CompletableFuture<Void> second;
    List<CompletableFuture<Void>> fillers = new ArrayList<>();
    try (Connection lock = PostgresTestResource.database().connect()) {
      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        s.execute("LOCK TABLE outbox IN SHARE ROW EXCLUSIVE MODE");
      }
      for (int i = 0; i < 2; i++) {
        fillers.add(groupCommit.write(row(UUID.randomUUID())).subscribeAsCompletionStage());
      }
      first = groupCommit.write(row(duplicate)).subscribeAsCompletionStage();
      second = groupCommit.write(row(duplicate)).subscribeAsCompletionStage();
      lock.rollback();
    }
    for (CompletableFuture<Void> filler : fillers) {
      filler.get(30, TimeUnit.SECONDS);
    }
    assertThrows(ExecutionException.class, () -> first.get(30, TimeUnit.SECONDS));
    assertThrows(ExecutionException.class, () -> second.get(30, TimeUnit.SECONDS));
    assertEquals(
        List.of("0"),
        Fixtures.column(
            "SELECT count(*)::text FROM outbox WHERE event_id = CAST(? AS uuid)",
            duplicate.toString()));
  }

  private static OutboxRow row(UUID id) {
    return new OutboxRow(
        id, "token-service", "test.group_commit_failure", "{\"id\":\"" + id + "\"}", Instant.now());
  }
}
