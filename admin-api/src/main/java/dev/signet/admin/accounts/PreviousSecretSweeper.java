package dev.signet.admin.accounts;

import dev.signet.common.reactive.LoggedAndDropped;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/**
 * Drops client secrets whose rotation overlap has ended, so the hash of a retired secret does not
 * linger. token-service also refuses a previous secret past its expiry, so nothing depends on how
 * soon this runs; it is idempotent and safe on every replica at once.
 */
@ApplicationScoped
public class PreviousSecretSweeper {

  private static final Logger LOG = Logger.getLogger(PreviousSecretSweeper.class);

  private final Pool pool;
  private final Clock clock;

  PreviousSecretSweeper(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  @Scheduled(
      every = "${signet.admin.secret-sweep-interval:1m}",
      delayed = "10s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> scheduled() {
    return sweep().plug(LoggedAndDropped.warn(LOG, "previous secret sweep"));
  }

  /** Clears expired previous secrets; returns the client ids affected. */
  public Uni<java.util.List<String>> sweep() {
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(
                    "UPDATE service_accounts SET previous_secret_hash = NULL,"
                        + " previous_secret_hash_version = NULL, previous_secret_expires_at = NULL"
                        + " WHERE previous_secret_expires_at <= $1 RETURNING client_id")
                .execute(Tuple.of(clock.instant().atOffset(ZoneOffset.UTC)))
                .call(
                    rows ->
                        rows.size() == 0
                            ? Uni.createFrom().voidItem()
                            : conn.preparedQuery(
                                    "SELECT pg_notify($1, client_id) FROM unnest($2::text[]) AS client_id")
                                .execute(
                                    Tuple.of(
                                        ServiceAccountService.CHANGED_CHANNEL,
                                        clientIds(rows).toArray(new String[0]))))
                .map(PreviousSecretSweeper::clientIds));
  }

  private static java.util.List<String> clientIds(
      io.vertx.mutiny.sqlclient.RowSet<io.vertx.mutiny.sqlclient.Row> rows) {
    java.util.List<String> ids = new java.util.ArrayList<>();
    rows.forEach(r -> ids.add(r.getString("client_id")));
    return ids;
  }
}
