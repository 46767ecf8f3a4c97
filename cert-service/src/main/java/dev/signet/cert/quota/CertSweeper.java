package dev.signet.cert.quota;

import dev.signet.common.reactive.LoggedAndDropped;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/**
 * Housekeeping of the cert tables: quota windows older than the previous hour are dropped (one row
 * per identity per hour would otherwise grow without end) and open build sessions past their expiry
 * are marked expired. Idempotent and safe on every replica at once; nothing depends on how soon it
 * runs, because quota reads only the current window and sessions are checked by expiry.
 */
@ApplicationScoped
public class CertSweeper {

  private static final Logger LOG = Logger.getLogger(CertSweeper.class);

  /** What one sweep did. */
  public record Swept(int quotaWindows, int expiredSessions) {}

  private final Pool pool;
  private final Clock clock;

  CertSweeper(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  @Scheduled(
      every = "${signet.cert.sweep-interval:10m}",
      delayed = "30s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> scheduled() {
    return sweep().replaceWithVoid().plug(LoggedAndDropped.warn(LOG, "cert sweep"));
  }

  public Uni<Swept> sweep() {
    Instant now = clock.instant();
    Instant keepFrom = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
    return pool.preparedQuery("DELETE FROM issuance_quota WHERE window_start < $1")
        .execute(Tuple.of(keepFrom.atOffset(ZoneOffset.UTC)))
        .chain(
            quota ->
                pool.preparedQuery(
                        "UPDATE build_sessions SET status = 'expired'"
                            + " WHERE status = 'open' AND expires_at <= $1")
                    .execute(Tuple.of(now.atOffset(ZoneOffset.UTC)))
                    .map(sessions -> new Swept(quota.rowCount(), sessions.rowCount())));
  }
}
