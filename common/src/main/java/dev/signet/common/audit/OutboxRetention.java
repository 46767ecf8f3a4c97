package dev.signet.common.audit;

import dev.signet.common.config.ServiceConfig;
import dev.signet.common.reactive.LoggedAndDropped;
import dev.signet.common.reactive.Rounds;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/**
 * Deletes this service's outbox rows once they were delivered longer ago than {@code
 * signet.audit.outbox-retention}, so the outbox holds the undelivered backlog and a recent window
 * instead of every event ever recorded (a busy token-service writes one row per token). admin-api's
 * {@code audit_events} is the record that stays. Pending rows are never deleted, however old.
 * Idempotent and in small statements, so every replica may run it.
 */
@ApplicationScoped
public class OutboxRetention {

  private static final Logger LOG = Logger.getLogger(OutboxRetention.class);

  private final Pool pool;
  private final AuditConfig config;
  private final ServiceConfig service;
  private final Clock clock;

  OutboxRetention(Pool pool, AuditConfig config, ServiceConfig service, Clock clock) {
    this.pool = pool;
    this.config = config;
    this.service = service;
    this.clock = clock;
  }

  @Scheduled(
      every = "10m",
      delayed = "2m",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> scheduled() {
    return purge()
        .invoke(n -> LOG.debugf("deleted %d delivered outbox rows past retention", n))
        .plug(LoggedAndDropped.warn(LOG, "outbox retention"));
  }

  /** Deletes the rows delivered before now minus the retention; returns how many. */
  public Uni<Integer> purge() {
    Tuple args =
        Tuple.of(
            service.name(),
            Instant.now(clock).minus(config.outboxRetention()).atOffset(ZoneOffset.UTC),
            config.retentionBatchSize());
    return Rounds.sum(
        () ->
            pool.preparedQuery(
                    "DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox"
                        + " WHERE service = $1 AND sent_at < $2 LIMIT $3)")
                .execute(args)
                .map(rows -> rows.rowCount()),
        n -> n,
        n -> n >= config.retentionBatchSize());
  }
}
