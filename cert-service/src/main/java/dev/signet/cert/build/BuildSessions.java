package dev.signet.cert.build;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/** The {@code build_sessions} table. A session is active while open and before its expiry. */
@ApplicationScoped
public class BuildSessions {

  /** A session row. */
  public record Session(
      UUID id,
      String repository,
      String workflow,
      String runId,
      String subject,
      String status,
      Instant createdAt,
      Instant expiresAt) {

    public boolean activeAt(Instant now) {
      return "open".equals(status) && expiresAt.isAfter(now);
    }
  }

  private final Pool pool;

  BuildSessions(Pool pool) {
    this.pool = pool;
  }

  public Uni<Session> find(UUID id) {
    return pool.preparedQuery("SELECT * FROM build_sessions WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.iterator().hasNext() ? from(rows.iterator().next()) : null);
  }

  /**
   * Active sessions of an owner, counted under a transaction-scoped advisory lock on the owner so
   * two concurrent opens by one owner cannot both pass the limit.
   */
  Uni<Integer> lockAndCountActive(SqlConnection tx, String subject, Instant now) {
    return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 16))")
        .execute(Tuple.of("cert-build-session:" + subject))
        .chain(
            () ->
                tx.preparedQuery(
                        "SELECT count(*) AS n FROM build_sessions WHERE subject = $1"
                            + " AND status = 'open' AND expires_at > $2")
                    .execute(Tuple.of(subject, now.atOffset(ZoneOffset.UTC))))
        .map(rows -> rows.iterator().next().getLong("n").intValue());
  }

  Uni<Void> insert(SqlConnection tx, Session s) {
    return tx.preparedQuery(
            "INSERT INTO build_sessions (id, repository, workflow, run_id, subject, status,"
                + " created_at, expires_at) VALUES ($1, $2, $3, $4, $5, 'open', $6, $7)")
        .execute(
            Tuple.from(
                new Object[] {
                  s.id(),
                  s.repository(),
                  s.workflow(),
                  s.runId(),
                  s.subject(),
                  s.createdAt().atOffset(ZoneOffset.UTC),
                  s.expiresAt().atOffset(ZoneOffset.UTC)
                }))
        .replaceWithVoid();
  }

  /** Closes an open session of this owner; false when there is none to close. */
  Uni<Boolean> close(SqlConnection tx, UUID id, String subject) {
    return tx.preparedQuery(
            "UPDATE build_sessions SET status = 'closed' WHERE id = $1 AND subject = $2"
                + " AND status = 'open'")
        .execute(Tuple.of(id, subject))
        .map(rows -> rows.rowCount() == 1);
  }

  private static Session from(Row row) {
    return new Session(
        row.getUUID("id"),
        row.getString("repository"),
        row.getString("workflow"),
        row.getString("run_id"),
        row.getString("subject"),
        row.getString("status"),
        row.getOffsetDateTime("created_at").toInstant(),
        row.getOffsetDateTime("expires_at").toInstant());
  }
}
