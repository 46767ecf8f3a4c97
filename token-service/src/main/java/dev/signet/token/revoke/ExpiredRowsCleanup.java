package dev.signet.token.revoke;

import dev.signet.common.reactive.LoggedAndDropped;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Deletes denylist entries, client assertion jtis, exchange replay keys and consumed audience token
 * ids once the tokens they guard have expired (an expired token fails verification on its own), and
 * browser sessions and authorization codes a day after they ended. Idempotent, so every replica may
 * run it.
 */
@ApplicationScoped
public class ExpiredRowsCleanup {

  private static final Logger LOG = Logger.getLogger(ExpiredRowsCleanup.class);

  private final Pool pool;

  ExpiredRowsCleanup(Pool pool) {
    this.pool = pool;
  }

  @Scheduled(
      every = "10m",
      delayed = "1m",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> purge() {
    // revoked_jtis keeps a margin of clock skew past expiry.
    return pool.query("DELETE FROM revoked_jtis WHERE expires_at < now() - interval '5 minutes'")
        .execute()
        .chain(
            () ->
                pool.query("DELETE FROM client_assertion_jtis WHERE expires_at < now()").execute())
        .chain(() -> pool.query("DELETE FROM exchange_replay WHERE expires_at < now()").execute())
        .chain(
            () -> pool.query("DELETE FROM audience_token_uses WHERE expires_at < now()").execute())
        // A grant lives at most 30 days, so no token of it is left after that.
        .chain(
            () ->
                pool.query(
                        "DELETE FROM revoked_delegation_grants"
                            + " WHERE revoked_at < now() - interval '31 days'")
                    .execute())
        // A day past expiry: a late poll still gets expired_token, and the user code is freed.
        .chain(
            () ->
                pool.query("DELETE FROM device_codes WHERE expires_at < now() - interval '1 day'")
                    .execute())
        // Sessions and authorization codes are refused once past expiry (or ended, or used); a
        // day's margin keeps them readable for an incident's investigation, then they go.
        .chain(
            () ->
                pool.query(
                        "DELETE FROM sessions WHERE expires_at < now() - interval '1 day'"
                            + " OR ended_at < now() - interval '1 day'")
                    .execute())
        .chain(
            () ->
                pool.query(
                        "DELETE FROM authorization_codes"
                            + " WHERE expires_at < now() - interval '1 day'")
                    .execute())
        .plug(LoggedAndDropped.debug(LOG, "expired row cleanup"));
  }
}
