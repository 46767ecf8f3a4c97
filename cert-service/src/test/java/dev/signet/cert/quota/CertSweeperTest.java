package dev.signet.cert.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.common.testing.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The sweep drops old quota windows and expires stale build sessions, keeping what is current. */
@QuarkusTest
class CertSweeperTest {

  @Inject CertSweeper sweeper;

  @Test
  void oldQuotaWindowsGoAndCurrentOnesStay() throws Exception {
    String subject = "svc-" + UUID.randomUUID();
    execute(
        "INSERT INTO issuance_quota (subject, window_start, issued) VALUES"
            + " (?, date_trunc('hour', now()) - interval '5 hours', 7),"
            + " (?, date_trunc('hour', now()), 3)",
        subject,
        subject);
    String job = "job-" + UUID.randomUUID();
    execute(
        "INSERT INTO build_sessions (id, repository, subject, expires_at) VALUES"
            + " (gen_random_uuid(), 'org/app', ?, now() - interval '1 minute'),"
            + " (gen_random_uuid(), 'org/app', ?, now() + interval '1 hour')",
        job,
        job);

    sweeper.sweep().await().indefinitely();

    assertEquals(
        "3",
        single(
            "SELECT string_agg(issued::text, ',') FROM issuance_quota WHERE subject = ?", subject));
    assertEquals(
        "expired,open",
        single(
            "SELECT string_agg(status, ',' ORDER BY status) FROM build_sessions WHERE subject = ?",
            job));
  }

  private static void execute(String sql, String... args) throws Exception {
    try (Connection c = PostgresTestResource.pooledConnection();
        PreparedStatement q = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        q.setString(i + 1, args[i]);
      }
      q.executeUpdate();
    }
  }

  private static String single(String sql, String arg) throws Exception {
    try (Connection c = PostgresTestResource.pooledConnection();
        PreparedStatement q = c.prepareStatement(sql)) {
      q.setString(1, arg);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }
}
